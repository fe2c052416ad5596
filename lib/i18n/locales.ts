/** Locales with a complete catalogue. zh-CN arrives with its catalogue; components need no change. */
export const LOCALES = ["en"] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = "en";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Picks the best supported locale from a cookie value or an Accept-Language header. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null): TLocale {
  const supported = new Set<string>(LOCALES);
  if (cookie && supported.has(cookie)) return cookie as TLocale;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const exact = LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const base = LOCALES.find((l) => l.toLowerCase().split("-")[0] === tag.split("-")[0]);
    if (base) return base;
  }
  return DEFAULT_LOCALE;
}

/**
 * Catalogue namespaces that client components read. Only these travel to the
 * browser with each page (the whole catalogue would add ~35 KB per page, twice:
 * in the HTML and in the RSC payload). i18n.test.ts checks the list against the code.
 */
export const CLIENT_NAMESPACES = [
  "auth", "competition", "configEditor", "configNew", "dataset", "datasetErrors", "datasetForm", "datasets",
  "errors", "leaderboard", "profile", "run", "runForm", "validation",
] as const;

export function clientMessages(messages: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((n) => n in messages).map((n) => [n, messages[n]]));
}
