/**
 * Cross-site request forgery guard for cookie-authenticated API writes (proxy.ts runs it before any route handler
 * reads a body). Browsers say where a request comes from: `Origin` on every cross-origin request and on same-origin
 * ones that are not GET/HEAD, and `Sec-Fetch-Site` (Fetch Metadata) on all of them in current browsers. A request
 * with neither did not come from a browser page, so it cannot carry a victim's cookies against their will.
 * Server Actions need none of this: Next compares their Origin with the host itself (action-handler.ts).
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type TOriginCheck = {
  method: string;
  pathname: string;
  headers: Headers;
  /** The site's public URL (AUTH_URL), whose host is ours even when a proxy rewrites Host. */
  publicUrl?: string;
};

/** Auth.js guards its own POSTs with a CSRF token (and the OAuth callback arrives from the provider's site). */
const isGuardedPath = (pathname: string) => pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/");

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Why this request must be refused ("origin" or "fetch-site"), or null when it may go on. */
export function crossOriginRefusal({
  method,
  pathname,
  headers,
  publicUrl,
}: TOriginCheck): "origin" | "fetch-site" | null {
  if (SAFE_METHODS.has(method.toUpperCase()) || !isGuardedPath(pathname)) return null;
  const origin = headers.get("origin");
  if (origin !== null) {
    // "null" comes from sandboxed frames, data: URLs and redirects across origins: never ours.
    const from = origin === "null" ? null : hostOf(origin);
    const ours = [
      headers.get("host"),
      headers.get("x-forwarded-host")?.split(",")[0],
      publicUrl ? hostOf(publicUrl) : null,
    ]
      .filter((h): h is string => Boolean(h))
      .map((h) => h.trim().toLowerCase());
    return from && ours.includes(from) ? null : "origin";
  }
  // No Origin (an older browser's same-origin form, or not a browser): Fetch Metadata, where sent, still tells.
  // "same-site" is refused too: a sibling subdomain is another origin, and SameSite=Lax cookies do reach us from it.
  const site = headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site" ? "fetch-site" : null;
}
