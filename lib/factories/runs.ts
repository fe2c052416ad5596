import { getPrisma, type TPrisma } from "../db";
import { recordRunResult } from "../leaderboards/record";
import { succeedRun } from "../runs/transitions";

type TScores = Record<string, number>;

/**
 * A finished run with the given test scores, written the way the worker
 * finishes one (status, metrics and the boards in one transaction), without
 * training. For leaderboard and comparison tests; training itself is tested in worker/.
 */
export async function createScoredRun(
  {
    userId,
    configId,
    configRevisionId,
    datasetVersionId,
    publicScores,
    privateScores = publicScores,
    publicIntervals,
    privateIntervals,
    queuedAt = new Date(),
    finishedAt,
    epochs = [],
  }: {
    userId: string;
    configId: string;
    configRevisionId: string;
    datasetVersionId: string;
    publicScores: TScores;
    privateScores?: TScores;
    /** Bootstrap intervals per metric, stored as the worker stores them (`ci`); none by default, as for old runs. */
    publicIntervals?: Record<string, [number, number]>;
    privateIntervals?: Record<string, [number, number]>;
    queuedAt?: Date;
    finishedAt?: Date;
    epochs?: { trainLoss: number; valLoss?: number; valMetric?: number }[];
  },
  db: TPrisma = getPrisma(),
) {
  const [revision, version] = await Promise.all([
    db.configRevision.findUniqueOrThrow({ where: { id: configRevisionId }, select: { specHash: true } }),
    db.datasetVersion.findUniqueOrThrow({ where: { id: datasetVersionId }, select: { sha256: true } }),
  ]);
  const done = finishedAt ?? new Date(queuedAt.getTime() + 1_000);
  const run = await db.run.create({
    data: {
      userId,
      configId,
      configRevisionId,
      datasetVersionId,
      seed: 42,
      status: "RUNNING",
      attempt: 1,
      configHash: revision.specHash,
      datasetHash: version.sha256,
      epochsTotal: Math.max(1, epochs.length),
      epochsDone: epochs.length,
      queuedAt,
      startedAt: queuedAt,
      epochs: { create: epochs.map((e, i) => ({ epoch: i + 1, ...e })) },
    },
  });
  await db.$transaction(async (tx) => {
    const metrics = {
      testPublic: { n: 10, ...publicScores, ...(publicIntervals ? { ci: publicIntervals } : {}) },
      testPrivate: { n: 10, ...privateScores, ...(privateIntervals ? { ci: privateIntervals } : {}) },
      validation: null,
    };
    await succeedRun({ runId: run.id, attempt: 1, result: { metrics }, finishedAt: done }, tx);
    await recordRunResult(run.id, tx);
  });
  return run;
}

/**
 * A run as a worker leaves it mid-training: RUNNING in its first attempt with `epochs` epochs written, and no queue
 * job (nothing will train it). For live-progress tests, which then play the worker's part (writeEpoch).
 */
export async function createTrainingRun(
  {
    userId,
    configId,
    configRevisionId,
    datasetVersionId,
    epochsTotal = 20,
    epochs = 0,
  }: {
    userId: string;
    configId: string;
    configRevisionId: string;
    datasetVersionId: string;
    epochsTotal?: number;
    epochs?: number;
  },
  db: TPrisma = getPrisma(),
) {
  const [revision, version] = await Promise.all([
    db.configRevision.findUniqueOrThrow({ where: { id: configRevisionId }, select: { specHash: true } }),
    db.datasetVersion.findUniqueOrThrow({ where: { id: datasetVersionId }, select: { sha256: true } }),
  ]);
  const run = await db.run.create({
    data: {
      userId,
      configId,
      configRevisionId,
      datasetVersionId,
      seed: 42,
      status: "RUNNING",
      attempt: 1,
      configHash: revision.specHash,
      datasetHash: version.sha256,
      epochsTotal,
      queuedAt: new Date(),
      startedAt: new Date(),
    },
  });
  for (let epoch = 1; epoch <= epochs; epoch++) await writeEpoch(run.id, epoch, null, db);
  return run;
}

/**
 * One finished epoch, the way the worker records it (worker/training/fit.ts): the row and the run's progress
 * in one transaction, then (given a publisher) the event on the run's channel.
 */
export async function writeEpoch(
  runId: string,
  epoch: number,
  publisher: { publish: (channel: string, message: string) => Promise<unknown> } | null,
  db: TPrisma = getPrisma(),
  attempt = 1,
) {
  const row = {
    epoch,
    trainLoss: 1 / epoch,
    valLoss: 1.1 / epoch,
    trainMetric: 1 - 1 / (epoch + 1),
    valMetric: 1 - 1.1 / (epoch + 1),
    learningRate: 0.01,
    samplesPerSec: 1000,
  };
  const [, run] = await db.$transaction([
    db.runEpoch.upsert({ where: { runId_epoch: { runId, epoch } }, create: { runId, ...row }, update: row }),
    db.run.update({ where: { id: runId }, data: { epochsDone: epoch, etaSeconds: 5 }, select: { epochsTotal: true } }),
  ]);
  await publisher?.publish(
    `run:${runId}`,
    JSON.stringify({ type: "epoch", attempt, ...row, epochsTotal: run.epochsTotal, etaSeconds: 5, at: Date.now() }),
  );
  return row;
}

/**
 * One test half's metrics shaped like the worker's for a two-class run (the run page renders its classification
 * table and confusion matrix from them); only accuracy varies. For runs made with createScoredRun, whose metrics
 * carry the board scores alone.
 */
export const classificationPart = (accuracy: number) => ({
  n: 10,
  accuracy,
  f1Macro: 0.41,
  precisionMacro: 0.42,
  recallMacro: 0.43,
  rocAuc: 0.44,
  logLoss: 0.45,
  confusion: [
    [3, 2],
    [2, 3],
  ],
  perClass: [],
  roc: null,
});
