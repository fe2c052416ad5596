/**
 * The client's address as the per-IP limits see it. Next gives route handlers no socket address, only headers,
 * and headers are whatever the client sent unless a proxy we trust rewrote them:
 * - `TRUST_PROXY=N` (N proxies in front): each proxy appends the address it saw to `X-Forwarded-For`, so the entry
 *   N places from the right is the one no client can forge; `X-Real-IP` (nginx's `proxy_set_header`) when absent.
 * - `TRUST_PROXY=0` (the default; `next dev`, `next start` on its own): no header is believed, because `next start`
 *   keeps a client-sent `X-Forwarded-For`, so rotating it would dodge every per-IP limit. All clients share the key
 *   "local" (UNKNOWN_CLIENT): sign-up's per-IP limit then acts site-wide; sign-in's per-IP backoff is skipped (one
 *   stranger's wrong passwords must not slow everyone's sign-in), the per-account limit still applies; see
 *   docs/SECURITY.md.
 */
export const UNKNOWN_CLIENT = "local";

export function clientIp(headers: Headers, trustProxy: number): string {
  if (trustProxy > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // Fewer hops than trusted proxies: the chain is not what was configured, and the leftmost entry is the client's
    // own word — no address is believed.
    const ip =
      hops.length === 0
        ? headers.get("x-real-ip")?.trim()
        : hops.length >= trustProxy
          ? hops[hops.length - trustProxy]
          : undefined;
    if (ip) return ip.slice(0, 64);
  }
  return UNKNOWN_CLIENT;
}
