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
 * Catalogue namespaces that client components read, by the part of the site that
 * renders them. Only these travel to the browser with a page, in the HTML and again
 * in the RSC payload: the root layout sends `root` (the error boundary); each section's
 * layout (or page) adds its own through <ClientMessages>. Sending every client
 * namespace with every page cost ~45 kB a page. i18n.test.ts checks the lists against the code.
 */
export const CLIENT_NAMESPACES = {
  root: ["errors"],
  datasets: ["dataset", "datasetErrors", "datasetForm", "datasets", "validation"],
  configs: ["configEditor", "configNew", "datasetForm", "datasets", "runForm", "validation"],
  runs: ["run"],
  leaderboards: ["compare", "competition", "leaderboard", "validation"],
  signin: ["auth", "validation"],
  signup: ["auth", "validation"],
  u: ["profile", "validation"],
} as const satisfies Record<string, readonly string[]>;
export type TClientSection = keyof typeof CLIENT_NAMESPACES;

export function clientMessages(
  messages: Record<string, unknown>,
  namespaces: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(namespaces.filter((n) => n in messages).map((n) => [n, messages[n]]));
}
