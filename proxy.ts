import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "./lib/env";
import { crossOriginRefusal } from "./lib/security/origin";
import { cachedPage } from "./lib/page-cache/cache";

/**
 * Two jobs, told apart by path: signed-out visitors of the leaderboards get pages from the stamp-checked page cache
 * (lib/page-cache/cache.ts), and API writes that a browser sent from another site are refused (lib/security/origin.ts)
 * before any route handler reads their body.
 */
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const refusal = crossOriginRefusal({
      method: request.method,
      pathname: request.nextUrl.pathname,
      headers: request.headers,
      publicUrl: loadEnv().AUTH_URL,
    });
    return refusal
      ? Response.json({ error: { code: "CROSS_ORIGIN", reason: refusal } }, { status: 403 })
      : NextResponse.next();
  }
  return (await cachedPage(request)) ?? NextResponse.next();
}

/**
 * The API is matched only when a header says "another site" (or, from browsers without Fetch Metadata, when there
 * is an Origin to compare): Next buffers a request's body for the proxy — up to 10 MB, and cuts off the rest — so
 * our own pages' uploads must not pass through here. Browsers send `Sec-Fetch-Site` on every request; one that is
 * `same-origin` skips the proxy. The second entry leaves out bodies of 10,000,000 bytes or more, which would be cut.
 */
export const config = {
  matcher: [
    "/leaderboards",
    "/leaderboards/:owner/:slug",
    { source: "/api/:path*", has: [{ type: "header", key: "sec-fetch-site", value: "(cross-site|same-site)" }] },
    {
      source: "/api/:path*",
      has: [{ type: "header", key: "origin" }],
      missing: [
        { type: "header", key: "sec-fetch-site" },
        { type: "header", key: "content-length", value: "\\d{8,}" },
      ],
    },
  ],
};
