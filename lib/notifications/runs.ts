import type { TDb } from "../db";
import { primaryMetric } from "../leaderboards/metrics";
import { rankTuple } from "../leaderboards/ranking";
import { canViewConfig } from "../permissions/configs";
import { canViewRun } from "../permissions/runs";
import { notify } from "./notify";
import type { TNotifyEvent } from "./schemas";
import { watchersOf } from "./watch";

/*
 * Runs and configs: a run's final status to its owner (and whoever watches the run), a fork to the parent config's
 * owner (and its watchers), and a fork's run that beats the parent owner's best on a board to that owner. Each is
 * called in the transaction that writes the event, and only by the writer that won it (the attempt that stored the
 * result, the update that failed the run), so each event is notified once. The platform is the actor of a run's end:
 * its owner hears of it. A cancel has the actor who asked for it: the owner's own cancel tells only the run's watchers
 * (no one hears of their own act), a cancel by anyone else (the platform, a moderator) tells the owner too.
 */

const OWNED = { select: { ownerId: true, visibility: true } } as const;
const RUN_ACCESS = { userId: true, config: OWNED, datasetVersion: { select: { dataset: OWNED } } } as const;

const OUTCOME = { SUCCEEDED: "runFinished", FAILED: "runFailed", CANCELED: "runCanceled" } as const;

/**
 * runFinished / runFailed / runCanceled for a run that has just reached SUCCEEDED, FAILED or CANCELED (nothing for
 * other statuses). `canceledBy`: who canceled it (a user id; null, the default, for the platform), the event's actor.
 */
export async function notifyRunOutcome(
  runId: string,
  tx: TDb,
  { canceledBy = null }: { canceledBy?: string | null } = {},
): Promise<string[]> {
  const run = await tx.run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, error: true, configId: true, ...RUN_ACCESS },
  });
  if (!run || !(run.status in OUTCOME)) return [];
  const type = OUTCOME[run.status as keyof typeof OUTCOME];
  const recipients = new Set([run.userId, ...(await watchersOf({ kind: "run", id: run.id }, tx))]);
  const events: TNotifyEvent[] = [...recipients]
    .filter((userId) => canViewRun({ id: userId }, run))
    .map((recipientId) => ({
      recipientId,
      type,
      actorId: type === "runCanceled" ? canceledBy : null,
      groupKey: `run:${run.id}`,
      runId: run.id,
      configId: run.configId,
      values: type === "runFailed" ? { error: run.error } : null,
      mutedBy: [{ kind: "run", id: run.id }],
    }));
  return notify(events, tx);
}

/** "forked" to the owner (and watchers) of the config a new fork was made from. */
export async function notifyFork({ forkId, actorId }: { forkId: string; actorId: string }, tx: TDb): Promise<string[]> {
  const fork = await tx.config.findUniqueOrThrow({
    where: { id: forkId },
    select: { ...OWNED.select, forkedFrom: { select: { config: { select: { id: true, ...OWNED.select } } } } },
  });
  const parent = fork.forkedFrom?.config;
  if (!parent) return [];
  const recipients = new Set([parent.ownerId, ...(await watchersOf({ kind: "config", id: parent.id }, tx))]);
  const events: TNotifyEvent[] = [...recipients]
    .filter((userId) => canViewConfig({ id: userId }, parent) && canViewConfig({ id: userId }, fork))
    .map((recipientId) => ({
      recipientId,
      type: "forked",
      actorId,
      groupKey: `forked:${parent.id}`,
      configId: parent.id,
      mutedBy: [{ kind: "config", id: parent.id }],
    }));
  return notify(events, tx);
}

type TScoreRow = { metric: string; sortKey: number; publicScore: number; submittedAt: Date };

/**
 * "forkBeatYou": the run's config is a fork, and on the board of its dataset version's primary metric the run's public
 * score ranks above the best entry of the parent config's owner — for the first time for this fork (an earlier run of
 * the fork that already beat that entry has said so). Called by lib/leaderboards/record.ts with the run's ranked rows,
 * in its transaction. Public scores only: the private half stays hidden until its reveal.
 */
export async function notifyForkBeat(runId: string, rows: TScoreRow[], tx: TDb): Promise<string[]> {
  const run = await tx.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      configId: true,
      datasetVersionId: true,
      ...RUN_ACCESS,
      datasetVersion: { select: { dataset: { select: { ...OWNED.select, taskType: true, primaryMetric: true } } } },
    },
  });
  const metric = primaryMetric(run.datasetVersion.dataset);
  const row = rows.find((r) => r.metric === metric);
  if (!row) return [];
  const beaten = await tx.$queryRaw<{ ownerId: string; parentId: string; theirs: number }[]>`
    SELECT pc."ownerId", pc."id" AS "parentId", e."publicScore" AS "theirs"
    FROM "Config" c
    JOIN "ConfigRevision" pr ON pr."id" = c."forkedFromRevisionId"
    JOIN "Config" pc ON pc."id" = pr."configId"
    JOIN "LeaderboardEntry" e
      ON e."datasetVersionId" = ${run.datasetVersionId} AND e."metric" = ${metric} AND e."userId" = pc."ownerId"
    WHERE c."id" = ${run.configId} AND pc."ownerId" <> ${run.userId}
      AND (${row.sortKey}::float8, ${row.submittedAt}::timestamp(3), ${runId}::text) < ${rankTuple("e")}
      AND NOT EXISTS (
        SELECT 1 FROM "RunScore" s
        WHERE s."datasetVersionId" = ${run.datasetVersionId} AND s."metric" = ${metric} AND s."configId" = c."id"
          AND s."ranked" AND s."runId" <> ${runId} AND ${rankTuple("s")} < ${rankTuple("e")})`;
  const events: TNotifyEvent[] = beaten
    .filter((b) => canViewRun({ id: b.ownerId }, run))
    .map((b) => ({
      recipientId: b.ownerId,
      type: "forkBeatYou",
      actorId: run.userId,
      groupKey: `forkBeatYou:${run.datasetVersionId}:${run.configId}`,
      runId,
      configId: b.parentId,
      values: { metric, score: row.publicScore, yourScore: b.theirs },
      mutedBy: [{ kind: "config", id: b.parentId }],
    }));
  return notify(events, tx);
}
