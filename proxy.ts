import { NextResponse, type NextRequest } from "next/server";
import { cachedPage } from "./app/_server/micro-cache";

/** Signed-out visitors of the leaderboards get pages from a two-second micro-cache (see app/_server/micro-cache.ts). */
export async function proxy(request: NextRequest) {
  return (await cachedPage(request)) ?? NextResponse.next();
}

export const config = { matcher: ["/leaderboards", "/leaderboards/:owner/:slug"] };
