import { getPrisma, type TDb } from "../db";
import { AppError } from "../errors";
import { loadStanding, type TStanding } from "./roles";

/**
 * A write by a suspended account: 403 with the moderator's reason (and the end, when there is one), so the form or
 * the API client can say why. The reason is the moderator's own words, meant for this user.
 */
export class AccountSuspendedError extends AppError {
  constructor(
    readonly reason: string,
    readonly until: Date | null,
  ) {
    super(
      "FORBIDDEN",
      {},
      {
        key: until ? "apiErrors.suspendedUntil" : "apiErrors.suspended",
        values: until ? { reason, until: until.toISOString().slice(0, 10) } : { reason },
        message: "account suspended",
      },
    );
  }

  override details(): Record<string, unknown> {
    return { ...super.details(), suspended: { reason: this.reason, until: this.until?.toISOString() ?? null } };
  }
}

/**
 * The writer's standing, read now (never from the session: a suspension applies from the moderator's click), or
 * AccountSuspendedError while a suspension is in force. An account that no longer exists has no standing to refuse
 * here; whatever it tries next fails on its own.
 */
export async function assertMayWrite(userId: string, db: TDb = getPrisma(), now = new Date()): Promise<TStanding> {
  const standing = await loadStanding(userId, db, now);
  if (standing?.suspension) throw new AccountSuspendedError(standing.suspension.reason, standing.suspension.until);
  return standing ?? { role: "USER", suspension: null };
}
