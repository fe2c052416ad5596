import type { TSessionUser } from "@/lib/auth/session";
import { consume, type TLimitName } from "@/lib/limits";
import { requireUser } from "./auth";

/**
 * The first line of every state-changing route handler under app/api (POST, PUT, PATCH, DELETE; Auth.js's own
 * excepted): the signed-in user (401 otherwise), counted against the per-user API write limit and any further
 * limits named (e.g. "upload"). Over a limit: RateLimitedError → 429 with Retry-After through errorResponse.
 * Cross-origin browser requests never get here: proxy.ts answers them 403 first. app/api/write-guard.test.ts checks
 * that every such handler calls this.
 */
export async function requireApiWriter(...alsoCount: TLimitName[]): Promise<TSessionUser> {
  const actor = await requireUser();
  for (const name of ["apiWrite", ...alsoCount] as TLimitName[]) await consume(name, actor.id);
  return actor;
}
