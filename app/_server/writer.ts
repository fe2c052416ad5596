import type { TSessionUser } from "@/lib/auth/session";
import { consume, type TLimitName } from "@/lib/limits";
import { assertMayWrite } from "@/lib/moderation/suspension";
import type { TRole } from "@/lib/permissions/moderation";
import { requireUser } from "./auth";

/**
 * The first line of everything that changes state on a signed-in user's behalf: every write route handler under
 * app/api (POST, PUT, PATCH, DELETE; Auth.js's own excepted) and every server action that writes (sign-in, sign-up
 * and sign-out have their own limits). Returns the signed-in user (401 otherwise), counted against the per-user
 * write limit and any further limits named (e.g. "upload"), with the role in force now; a suspended account gets
 * AccountSuspendedError (lib/moderation/suspension.ts). Over a limit: RateLimitedError → 429 with Retry-After
 * through errorResponse. Server actions are plain POSTs a script can send with a cookie, so they count too.
 * Cross-origin browser requests never get here: proxy.ts (routes) and Next (actions) refuse them first.
 * app/api/write-guard.test.ts checks that every route handler and server action calls this.
 */
export async function requireWriter(...alsoCount: TLimitName[]): Promise<TSessionUser & { role: TRole }> {
  const actor = await requireActiveUser();
  for (const name of ["apiWrite", ...alsoCount] as TLimitName[]) await consume(name, actor.id);
  return actor;
}

/**
 * The signed-in user, not suspended, with the role in force now — both read fresh from the database, before any limit
 * is counted: a suspended account's writes are refused with the moderator's reason (AccountSuspendedError, 403) from
 * the moment of the suspension, and a revoked role is gone on the next request (lib/permissions/moderation.ts).
 * requireWriter starts with it; the few writes with limits of their own instead of the write limit (run submission,
 * re-run) call it directly.
 */
export async function requireActiveUser(): Promise<TSessionUser & { role: TRole }> {
  const actor = await requireUser();
  const { role } = await assertMayWrite(actor.id);
  return { ...actor, role };
}
