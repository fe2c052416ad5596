import { getPrisma, type TPrisma } from "../db";
import { recordRunResult } from "../leaderboards/record";

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
    await tx.run.update({
      where: { id: run.id },
      data: { status: "SUCCEEDED", finishedAt: done, metrics: { testPublic: { n: 10, ...publicScores }, testPrivate: { n: 10, ...privateScores }, validation: null } },
    });
    await recordRunResult(tx, run.id);
  });
  return run;
}
