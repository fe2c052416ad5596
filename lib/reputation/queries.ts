import { getPrisma, type TPrisma } from "../db";
import { REPUTATION_GROUPS, type TReputationGroup } from "./rules";

/*
 * Reputation as the profile shows it: the total, what it came from, and how it grew. Totals by reason and by day only —
 * never which post, dataset or config an event was about, so nothing private to others shows through a profile.
 */

export type TReputationSummary = {
  total: number;
  /** Net points per group of reasons (an award and its taking back together), every group present. */
  breakdown: { group: TReputationGroup; points: number }[];
  /** The running total at the end of each UTC day that changed it, oldest first. */
  history: { day: Date; total: number }[];
};

export async function reputationSummary(userId: string, db: TPrisma = getPrisma()): Promise<TReputationSummary> {
  const [user, byReason, byDay] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { reputation: true } }),
    db.reputationEvent.groupBy({ by: ["reason"], where: { userId }, _sum: { points: true } }),
    db.$queryRaw<{ day: Date; points: bigint }[]>`
      SELECT date_trunc('day', "createdAt") AS day, sum("points") AS points
      FROM "ReputationEvent" WHERE "userId" = ${userId} GROUP BY 1 ORDER BY 1`,
  ]);
  const sumOf = new Map(byReason.map((r) => [r.reason as string, r._sum.points ?? 0]));
  const breakdown = (Object.keys(REPUTATION_GROUPS) as TReputationGroup[]).map((group) => ({
    group,
    points: REPUTATION_GROUPS[group].reduce((sum, reason: string) => sum + (sumOf.get(reason) ?? 0), 0),
  }));
  let running = 0;
  const history = byDay.map((d) => ({ day: d.day, total: (running += Number(d.points)) }));
  return { total: user.reputation, breakdown, history };
}
