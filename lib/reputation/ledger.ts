import { getPrisma, type TDb, type TPrisma } from "../db";
import type { ReputationReason } from "../generated/prisma/client";
import { NEW_ACCOUNT_MS } from "../limits/limits";
import { DAILY_CAP_PER_SOURCE, REPUTATION_RULES, type TRuleName } from "./rules";

/*
 * The reputation ledger: rows are only ever appended (a trigger in migration 20261202010000_reputation refuses
 * changes), and User.reputation is their running sum, changed in the same transaction as each row.
 *
 * Every award is about a subject — one vote (`upvote:<postId>:<voterId>`), one acceptance (`accept:<postId>`), one
 * star, one fork. The n-th award of a subject is the row `<subject>#<n>+` and its taking back `<subject>#<n>-`, so a
 * subject's rows alternate and their count says whether an award stands: awarding a standing subject and taking back
 * one that does not stand change nothing. That makes every hook idempotent (a retried job, a double click, an accept
 * of the answer already accepted), and a taking back always returns exactly what its award gave — nothing when the
 * award was refused (a self-action, a new account, the daily cap), part when the cap cut it.
 *
 * Both run under a lock on the earner's User row (the running total's update takes it anyway), so concurrent events
 * for one earner — twenty voters at once, two accepts — are applied one after the other, each seeing the rows before
 * it; the unique dedupe key stops anything that still slips through. Call them inside the transaction of the event.
 */

export type TReputationRefs = { postId?: string; configId?: string; datasetId?: string; runId?: string };

/** An event that may give or take back points: which rule, who earns, whose action, about what. */
export type TReputationOp = {
  op: "award" | "revoke";
  rule: TRuleName;
  earnerId: string;
  sourceUserId: string;
  /** What the award is about, unique within the rule (the rule name is prefixed). */
  subject: string;
  refs?: TReputationRefs;
};

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

async function lockEarner(earnerId: string, db: TDb) {
  await db.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${earnerId} FOR NO KEY UPDATE`;
}

/** Whether the source's action counts at all: never on one's own things, not from a new account where the rule says. */
async function sourceCounts(op: TReputationOp, db: TDb, now: Date): Promise<boolean> {
  if (op.sourceUserId === op.earnerId) return false;
  if (REPUTATION_RULES[op.rule].fromNewAccounts) return true;
  const source = await db.user.findUnique({ where: { id: op.sourceUserId }, select: { createdAt: true } });
  return source !== null && now.getTime() - source.createdAt.getTime() >= NEW_ACCOUNT_MS;
}

/** Points the source has given the earner since the start of the UTC day (awards only: taking back frees nothing). */
async function givenToday(op: TReputationOp, db: TDb, now: Date): Promise<number> {
  const { _sum } = await db.reputationEvent.aggregate({
    _sum: { points: true },
    where: {
      sourceUserId: op.sourceUserId,
      userId: op.earnerId,
      points: { gt: 0 },
      createdAt: { gte: startOfUtcDay(now) },
    },
  });
  return _sum.points ?? 0;
}

type TRow = {
  points: number;
  reason: ReputationReason;
  subject: string;
  dedupeKey: string;
  sourceUserId: string | null;
};

async function append(op: TReputationOp, row: TRow, db: TDb, now: Date): Promise<number> {
  const { count } = await db.reputationEvent.createMany({
    data: [{ ...op.refs, ...row, userId: op.earnerId, createdAt: now }],
    skipDuplicates: true,
  });
  if (!count) return 0;
  await db.user.update({ where: { id: op.earnerId }, data: { reputation: { increment: row.points } } });
  return row.points;
}

/** Applies one event; returns the points it moved (0: nothing to do, or refused by a rule). */
async function apply(op: TReputationOp, db: TDb, now: Date): Promise<number> {
  const rule = REPUTATION_RULES[op.rule];
  const subject = `${op.rule}:${op.subject}`;
  await lockEarner(op.earnerId, db);
  const rows = await db.reputationEvent.count({ where: { subject } });
  const standing = rows % 2 === 1;
  if (op.op === "award") {
    if (standing || !(await sourceCounts(op, db, now))) return 0;
    const points = Math.min(rule.points, DAILY_CAP_PER_SOURCE - (await givenToday(op, db, now)));
    if (points <= 0) return 0;
    const dedupeKey = `${subject}#${rows / 2 + 1}+`;
    return append(op, { points, reason: rule.award, subject, dedupeKey, sourceUserId: op.sourceUserId }, db, now);
  }
  if (!standing || !rule.revoke) return 0;
  const n = (rows + 1) / 2;
  const award = await db.reputationEvent.findUnique({
    where: { dedupeKey: `${subject}#${n}+` },
    select: { points: true, sourceUserId: true },
  });
  if (!award) return 0;
  // The taking back names the award's source (null once that account is gone) and returns exactly what it gave.
  const dedupeKey = `${subject}#${n}-`;
  return append(
    op,
    { points: -award.points, reason: rule.revoke, subject, dedupeKey, sourceUserId: award.sourceUserId },
    db,
    now,
  );
}

/**
 * Applies events in the caller's transaction, earners in id order (so two transactions that touch the same two
 * earners lock them in the same order and never deadlock). Returns the points moved per event.
 */
export async function applyReputation(ops: TReputationOp[], db: TDb, now = new Date()): Promise<number[]> {
  const order = ops
    .map((op, i) => ({ op, i }))
    .sort((a, b) => (a.op.earnerId < b.op.earnerId ? -1 : a.op.earnerId > b.op.earnerId ? 1 : a.i - b.i));
  const moved = new Array<number>(ops.length).fill(0);
  for (const { op, i } of order) moved[i] = await apply(op, db, now);
  return moved;
}

/**
 * Recomputes a user's reputation from the ledger and stores it. Returns what was stored before and the ledger's sum:
 * they differ only if something changed the total outside the ledger (a repair; tests check they never differ).
 */
export async function recomputeReputation(
  userId: string,
  db: TPrisma | TDb = getPrisma(),
): Promise<{ stored: number; ledger: number }> {
  const run = async (tx: TDb) => {
    await lockEarner(userId, tx);
    const { reputation: stored } = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { reputation: true },
    });
    const { _sum } = await tx.reputationEvent.aggregate({ _sum: { points: true }, where: { userId } });
    const ledger = _sum.points ?? 0;
    if (ledger !== stored) await tx.user.update({ where: { id: userId }, data: { reputation: ledger } });
    return { stored, ledger };
  };
  return "$transaction" in db ? (db as TPrisma).$transaction(run) : run(db);
}
