import { Prisma } from "../generated/prisma/client";
import type { TPrisma } from "../db";
import { rankOrder } from "./ranking";

/**
 * 95 % bootstrap intervals of board scores (lib/runs/bootstrap.ts, stored on RunScore and LeaderboardEntry by
 * record.ts): reading them back, and the "≈ leader" rule the board marks entries by (queries.ts listBoard).
 */
export type TInterval = [number, number];

export const INTERVAL_COLUMNS = Prisma.sql`"publicLow", "publicHigh", "privateLow", "privateHigh"`;

/** Whether two intervals overlap: the conservative "indistinguishable" rule the board's legend explains. */
export function intervalsOverlap(a: TInterval | null, b: TInterval | null): boolean {
  return a !== null && b !== null && a[0] <= b[1] && b[0] <= a[1];
}

export const intervalOf = (low: number | null, high: number | null): TInterval | null =>
  low === null || high === null ? null : [low, high];

/**
 * The interval of the leader (rank 1 on the side shown) for a page after the first: one index probe per page, never
 * one per row. (The first page has its leader as its first row; the private best-per-user view carries it in its rows.)
 */
export async function leaderProbe(versionId: string, metric: string, privateSide: boolean, db: TPrisma) {
  const rows = privateSide
    ? await db.$queryRaw<{ low: number | null; high: number | null }[]>`
        SELECT "privateLow" AS low, "privateHigh" AS high FROM "RunScore"
        WHERE "datasetVersionId" = ${versionId} AND "metric" = ${metric} AND "ranked"
        ORDER BY ${rankOrder(undefined, "privateSortKey")} LIMIT 1`
    : await db.$queryRaw<{ low: number | null; high: number | null }[]>`
        SELECT "publicLow" AS low, "publicHigh" AS high FROM "LeaderboardEntry"
        WHERE "datasetVersionId" = ${versionId} AND "metric" = ${metric}
        ORDER BY ${rankOrder()} LIMIT 1`;
  return rows[0] ? intervalOf(rows[0].low, rows[0].high) : null;
}
