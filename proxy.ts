import { NextResponse, type NextRequest } from "next/server";
import { cachedPage } from "./app/_server/page-cache";

/** Signed-out visitors of the leaderboards get pages from the stamp-checked page cache (app/_server/page-cache.ts). */
export async function proxy(request: NextRequest) {
  return (await cachedPage(request)) ?? NextResponse.next();
}

export const config = { matcher: ["/leaderboards", "/leaderboards/:owner/:slug"] };
