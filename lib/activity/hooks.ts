import type { TDb } from "../db";
import { primaryMetric } from "../leaderboards/metrics";
import { isDatasetListed } from "../permissions/datasets";
import { isThreadListed, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { isRunListed } from "../permissions/runs";
import { recordActivity } from "./mutations";

/*
 * The activity entries other domains write, each in its event's transaction and each only for something listed to
 * everyone (feeds are public). Scores are public-half scores only: a private test half is never in a feed.
 */

const OWNED = { select: { ownerId: true, visibility: true } } as const;

/**
 * A run that took #1 on the board of its dataset version's primary metric (lib/leaderboards/record.ts passes the
 * metrics whose record the run just set).
 */
export async function runToppedActivity(runId: string, records: { metric: string; publicScore: number }[], tx: TDb) {
  const run = await tx.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      userId: true,
      config: OWNED,
      datasetVersion: {
        select: {
          number: true,
          dataset: { select: { id: true, ownerId: true, visibility: true, taskType: true, primaryMetric: true } },
        },
      },
    },
  });
  const dataset = run.datasetVersion.dataset;
  const record = records.find((r) => r.metric === primaryMetric(dataset));
  if (!record || !isRunListed(null, { userId: run.userId, config: run.config, datasetVersion: { dataset } })) return;
  await recordActivity(
    {
      actorId: run.userId,
      kind: "run.topped",
      datasetId: dataset.id,
      subject: { runId, metric: record.metric, score: record.publicScore, number: run.datasetVersion.number },
    },
    tx,
  );
}

/** An answer accepted on a question listed to everyone: credit to the answer's author in their followers' feeds. */
export async function answerAcceptedActivity({ threadId, postId }: { threadId: string; postId: string }, tx: TDb) {
  const thread = await tx.thread.findUniqueOrThrow({
    where: { id: threadId },
    select: {
      hiddenAt: true,
      deletedAt: true,
      datasetId: true,
      ...THREAD_ACCESS_SELECT,
      run: {
        select: { ...THREAD_ACCESS_SELECT.run.select, datasetVersion: { select: { datasetId: true, dataset: OWNED } } },
      },
      competition: { select: { datasetVersion: { select: { datasetId: true, dataset: OWNED } } } },
    },
  });
  const post = await tx.post.findUniqueOrThrow({ where: { id: postId }, select: { authorId: true, hiddenAt: true } });
  if (thread.hiddenAt || thread.deletedAt || post.hiddenAt || !post.authorId || !isThreadListed(null, thread)) return;
  const datasetId =
    thread.datasetId ?? thread.run?.datasetVersion.datasetId ?? thread.competition?.datasetVersion.datasetId ?? null;
  await recordActivity(
    { actorId: post.authorId, kind: "answer.accepted", datasetId, subject: { threadId, postId } },
    tx,
  );
}

/** A competition opened on a dataset listed to everyone. */
export async function competitionOpenedActivity(
  competition: { id: string; createdById: string; datasetVersionId: string },
  tx: TDb,
) {
  const version = await tx.datasetVersion.findUniqueOrThrow({
    where: { id: competition.datasetVersionId },
    select: { number: true, dataset: { select: { id: true, ownerId: true, visibility: true } } },
  });
  if (!isDatasetListed(null, version.dataset)) return;
  await recordActivity(
    {
      actorId: competition.createdById,
      kind: "competition.opened",
      datasetId: version.dataset.id,
      subject: { competitionId: competition.id, number: version.number },
    },
    tx,
  );
}
