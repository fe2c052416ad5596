/**
 * The first of base, base-2, base-3, … not in `taken` (slugs stay ≤ 60 chars).
 * Callers load `taken` with one query (`slug startsWith base`) instead of one per candidate.
 */
export function pickFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; i < 10_000; i++) {
    const slug = `${base.slice(0, 55)}-${i}`;
    if (!taken.has(slug)) return slug;
  }
  return `${base.slice(0, 50)}-${Date.now().toString(36)}`;
}
