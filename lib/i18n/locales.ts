/** Locales with a complete catalogue (lib/i18n/messages/<locale>.json; i18n.test.ts checks each against en.json). */
export const LOCALES = ["en", "zh-CN"] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = "en";
/** The visitor's explicit choice (header switcher, settings), kept a year; a signed-in user's setting wins over it. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
/** Each language named in itself, as switchers show them (never translated). */
export const LOCALE_NAMES: Record<TLocale, string> = { en: "English", "zh-CN": "简体中文" };
/** The header's narrow menu: short enough for a phone's header next to the account links. */
export const LOCALE_SHORT_NAMES: Record<TLocale, string> = { en: "EN", "zh-CN": "中文" };

export function isLocale(value: unknown): value is TLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The interface language of a request, in the order of the rule: the signed-in user's setting, else the cookie
 * the switcher set, else the best `Accept-Language` match (any Chinese tag — zh, zh-Hans, zh-TW… — reads zh-CN
 * rather than English), else English. The page cache keys signed-out pages by the same function.
 */
export function negotiateLocale(
  cookie: string | undefined,
  acceptLanguage: string | null,
  setting?: string | null,
): TLocale {
  if (isLocale(setting)) return setting;
  if (isLocale(cookie)) return cookie;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(/;\s*q=/);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((x) => x.tag && x.tag !== "*" && !Number.isNaN(x.q) && x.q > 0)
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
  // "notifications": the header's bell (its sentences render each notification that arrives live).
  root: ["errors", "locale", "notifications"],
  datasets: ["dataset", "datasetErrors", "datasetForm", "datasets", "validation"],
  configs: ["configEditor", "configNew", "datasetForm", "datasets", "runForm", "specIssues", "validation"],
  runs: ["run"],
  discussions: ["apiErrors", "composer", "discussionErrors", "newThread", "reproduce", "thread", "validation"],
  leaderboards: ["compare", "competition", "leaderboard", "validation"],
  signin: ["auth", "validation"],
  signup: ["auth", "validation"],
  // Also sent by <FollowControl section="u"> around the follow button on dataset pages.
  u: ["apiErrors", "follow", "followErrors", "profile", "validation"],
  settings: ["locale", "notificationSettings", "settings"],
  notifications: ["notificationsPage"],
  // Also sent by <ClientMessages section="moderation"> around the report button and moderator tools on other pages.
  moderation: ["apiErrors", "moderation", "validation"],
  admin: ["apiErrors", "moderation", "validation"],
} as const satisfies Record<string, readonly string[]>;
export type TClientSection = keyof typeof CLIENT_NAMESPACES;

export function clientMessages(
  messages: Record<string, unknown>,
  namespaces: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(namespaces.filter((n) => n in messages).map((n) => [n, messages[n]]));
}
