import { Prisma } from "../generated/prisma/client";
import type { TDb } from "../db";
import { runToppedActivity } from "../activity/hooks";
import { notifyForkBeat } from "../notifications/runs";
import { runResultReputation } from "../reputation/hooks";
import { intervalOf } from "../runs/bootstrap";
import { boardMetrics, metricDirection, scoreOf, sortKeyOf } from "./metrics";
import { rankOrder, rankTuple } from "./ranking";

type TWindow = { startsAt: Date; endsAt: Date } | null;

/** The scores' bootstrap intervals travel with them from RunScore to LeaderboardEntry. */
const INTERVALS = ["publicLow", "publicHigh", "privateLow", "privateHigh"];
const INTERVAL_COLUMNS = Prisma.raw(INTERVALS.map((c) => `"${c}"`).join(", "));

/** Runs submitted outside a competition's window are shown "after deadline" and never ranked. */
export function inWindow(window: TWindow, submittedAt: Date): boolean {
  return !window || (submittedAt >= window.startsAt && submittedAt <= window.endsAt);
}

/** Board locks serialise result writes per dataset version, so history records stay in order. */
async function lockBoards(datasetVersionId: string, db: TDb) {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`boards:${datasetVersionId}`}))`;
}

/**
 * Records a finished run's scores on every board of its dataset version and keeps
 * the best-per-user table and the history in step. Call it inside the transaction
 * that marks the run SUCCEEDED; it is idempotent (a second call changes nothing).
 */
export async function recordRunResult(runId: string, db: TDb) {
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      userId: true,
      configId: true,
      datasetVersionId: true,
      queuedAt: true,
      finishedAt: true,
      metrics: true,
      datasetVersion: { select: { taskType: true, competition: { select: { startsAt: true, endsAt: true } } } },
    },
  });
  const task = run.datasetVersion.taskType;
  const metrics = (run.metrics ?? {}) as {
    testPublic?: Record<string, unknown> | null;
    testPrivate?: Record<string, unknown> | null;
  };
  const ranked = inWindow(run.datasetVersion.competition, run.queuedAt);
  const scoredAt = run.finishedAt ?? new Date();
  const rows = boardMetrics(task).flatMap((metric) => {
    const publicScore = scoreOf(metrics.testPublic, metric);
    if (publicScore === null) return [];
    const privateScore = scoreOf(metrics.testPrivate, metric);
    const direction = metricDirection(task, metric);
    const publicCi = intervalOf(metrics.testPublic, metric);
    const privateCi = privateScore === null ? null : intervalOf(metrics.testPrivate, metric);
    return [
      {
        runId,
        metric,
        datasetVersionId: run.datasetVersionId,
        userId: run.userId,
        configId: run.configId,
        publicScore,
        privateScore,
        sortKey: sortKeyOf(direction, publicScore),
        privateSortKey: privateScore === null ? null : sortKeyOf(direction, privateScore),
        publicLow: publicCi?.[0] ?? null,
        publicHigh: publicCi?.[1] ?? null,
        privateLow: privateCi?.[0] ?? null,
        privateHigh: privateCi?.[1] ?? null,
        submittedAt: run.queuedAt,
        scoredAt,
        ranked,
      },
    ];
  });
  if (!rows.length) return { recorded: 0 };

  await lockBoards(run.datasetVersionId, db);
  const { count } = await db.runScore.createMany({ data: rows, skipDuplicates: true });
  if (!count) return { recorded: 0 }; // already recorded by an earlier attempt
  await db.datasetVersion.update({
    where: { id: run.datasetVersionId },
    data: { scoredRuns: { increment: 1 }, lastScoredAt: scoredAt },
  });
  await runResultReputation(
    { id: runId, configId: run.configId, datasetVersionId: run.datasetVersionId, ranked },
    rows,
    db,
  );
  if (!ranked) return { recorded: rows.length };

  // A run that beats the board's best so far enters its history. One index probe per
  // metric (the first entry in rank order), not a scan of the version's entries.
  const bests = await db.$queryRaw<{ metric: string; best: number | null }[]>`
    SELECT m."metric", (SELECT e."sortKey" FROM "LeaderboardEntry" e
                        WHERE e."datasetVersionId" = ${run.datasetVersionId} AND e."metric" = m."metric"
                        ORDER BY e."sortKey" LIMIT 1) AS best
    FROM unnest(${rows.map((r) => r.metric)}::text[]) AS m("metric")`;
  const bestBy = new Map(bests.filter((b) => b.best !== null).map((b) => [b.metric, b.best!]));
  const records = rows.filter((r) => !bestBy.has(r.metric) || r.sortKey < bestBy.get(r.metric)!);
  if (records.length) {
    await db.boardRecord.createMany({
      data: records.map((r) => ({
        datasetVersionId: r.datasetVersionId,
        metric: r.metric,
        runId,
        userId: r.userId,
        score: r.publicScore,
        sortKey: r.sortKey,
        at: scoredAt,
      })),
    });
    await runToppedActivity(runId, records, db);
  }

  // Best per user: the better entry wins (lower sort key, then the earlier submission); the entry count always grows.
  const values = rows.map(
    (r) =>
      Prisma.sql`(${r.datasetVersionId}, ${r.metric}, ${r.userId}, ${r.runId}, ${r.configId}, ${r.publicScore}, ${r.privateScore}, ${r.sortKey}, ${r.privateSortKey}, ${r.publicLow}, ${r.publicHigh}, ${r.privateLow}, ${r.privateHigh}, ${r.submittedAt}, 1, now())`,
  );
  const better = Prisma.sql`${rankTuple("EXCLUDED")} < ${rankTuple("e")}`;
  const keep = (column: string) =>
    Prisma.sql`${Prisma.raw(`"${column}"`)} = CASE WHEN ${better} THEN EXCLUDED.${Prisma.raw(`"${column}"`)} ELSE e.${Prisma.raw(`"${column}"`)} END`;
  await db.$executeRaw`
    INSERT INTO "LeaderboardEntry" AS e ("datasetVersionId", "metric", "userId", "runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ${INTERVAL_COLUMNS}, "submittedAt", "entries", "updatedAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("datasetVersionId", "metric", "userId") DO UPDATE SET
      ${Prisma.join(["runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ...INTERVALS, "submittedAt"].map(keep))},
      "entries" = e."entries" + 1,
      "updatedAt" = now()`;
  // A fork's run that beats its parent owner's best (last: lib/notifications/notify.ts); the caller publishes.
  const notified = await notifyForkBeat(runId, rows, db);
  return { recorded: rows.length, notified };
}

/**
 * Rebuilds a dataset version's boards from its run scores: used when a competition
 * window changes which runs are ranked, and as a repair tool.
 */
export async function rebuildBoards(datasetVersionId: string, window: TWindow, db: TDb) {
  await lockBoards(datasetVersionId, db);
  await db.$executeRaw`
    UPDATE "RunScore" SET "ranked" = ${window ? Prisma.sql`"submittedAt" BETWEEN ${window.startsAt} AND ${window.endsAt}` : Prisma.sql`true`}
    WHERE "datasetVersionId" = ${datasetVersionId}`;
  await db.leaderboardEntry.deleteMany({ where: { datasetVersionId } });
  await db.boardRecord.deleteMany({ where: { datasetVersionId } });
  await db.$executeRaw`
    INSERT INTO "LeaderboardEntry" ("datasetVersionId", "metric", "userId", "runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ${INTERVAL_COLUMNS}, "submittedAt", "entries", "updatedAt")
    SELECT DISTINCT ON ("metric", "userId") "datasetVersionId", "metric", "userId", "runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ${INTERVAL_COLUMNS}, "submittedAt",
      count(*) OVER (PARTITION BY "metric", "userId"), now()
    FROM "RunScore" WHERE "datasetVersionId" = ${datasetVersionId} AND "ranked"
    ORDER BY "metric", "userId", ${rankOrder()}`;
  await db.$executeRaw`
    INSERT INTO "BoardRecord" ("id", "datasetVersionId", "metric", "runId", "userId", "score", "sortKey", "at")
    SELECT gen_random_uuid()::text, "datasetVersionId", "metric", "runId", "userId", "publicScore", "sortKey", "scoredAt"
    FROM (
      SELECT s.*, min("sortKey") OVER (PARTITION BY "metric" ORDER BY "scoredAt", "runId" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "previousBest"
      FROM "RunScore" s WHERE "datasetVersionId" = ${datasetVersionId} AND "ranked"
    ) x
    WHERE "previousBest" IS NULL OR "sortKey" < "previousBest"`;
}
