import type { TSessionUser } from "@/lib/auth/session";
import { consume, type TLimitName } from "@/lib/limits";
import { requireUser } from "./auth";

/**
 * The first line of everything that changes state on a signed-in user's behalf: every write route handler under
 * app/api (POST, PUT, PATCH, DELETE; Auth.js's own excepted) and every server action that writes (sign-in, sign-up
 * and sign-out have their own limits). Returns the signed-in user (401 otherwise), counted against the per-user
 * write limit and any further limits named (e.g. "upload"). Over a limit: RateLimitedError → 429 with Retry-After
 * through errorResponse. Server actions are plain POSTs a script can send with a cookie, so they count too.
 * Cross-origin browser requests never get here: proxy.ts (routes) and Next (actions) refuse them first.
 * app/api/write-guard.test.ts checks that every route handler and server action calls this.
 */
export async function requireWriter(...alsoCount: TLimitName[]): Promise<TSessionUser> {
  const actor = await requireUser();
  for (const name of ["apiWrite", ...alsoCount] as TLimitName[]) await consume(name, actor.id);
  return actor;
}
