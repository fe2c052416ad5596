import type { Redis } from "ioredis";
import type { TBackendChoice } from "../worker/tfjs/backend";

/** The median of some figures (the middle one; the upper middle for an even count). */
export const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

/**
 * Trains one run through the worker's own path (`trainRun`: the same function the training thread runs, with its
 * database writes, pub/sub and validation each epoch) and measures it: training rows ÷ the time from one epoch's end
 * to the next, median over epochs 2..n (the first warms up kernels). For bench/training.ts and bench/fine-tune.ts.
 */
export async function trainTimed(options: {
  tf: typeof import("@tensorflow/tfjs");
  backend: TBackendChoice;
  publisher: Redis;
  ownerId: string;
  revision: { id: string; configId: string; specHash: string };
  versionId: string;
  epochs: number;
  baseRunId?: string;
}) {
  const { getPrisma } = await import("../lib/db");
  const { trainRun } = await import("../worker/training/train-run");
  const { SPLIT } = await import("../lib/datasets/split");
  const db = getPrisma();
  const { revision, versionId } = options;
  const created = await db.run.create({
    data: {
      userId: options.ownerId,
      configId: revision.configId,
      configRevisionId: revision.id,
      datasetVersionId: versionId,
      seed: 1,
      configHash: revision.specHash,
      datasetHash: versionId,
      epochsTotal: options.epochs,
      baseRunId: options.baseRunId ?? null,
    },
  });
  await trainRun({
    runId: created.id,
    tf: options.tf,
    backend: options.backend,
    publisher: options.publisher,
    shouldInterrupt: () => false,
    shouldCancel: () => false,
  });
  const run = await db.run.findUniqueOrThrow({ where: { id: created.id } });
  if (run.status !== "SUCCEEDED") throw new Error(`benchmark run ${run.id}: ${run.status} ${run.error ?? ""}`);
  const epochs = await db.runEpoch.findMany({ where: { runId: run.id }, orderBy: { epoch: "asc" } });
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
  const trainRows = [...new Uint8Array(version.splitAssignments)].filter((s) => s === SPLIT.TRAIN).length;
  const rate = median(
    epochs.slice(1).map((e, i) => trainRows / ((e.createdAt.getTime() - epochs[i]!.createdAt.getTime()) / 1000)),
  );
  return { run, rate };
}

/** The baseline: raw tfjs `model.fit` on the same data, measured the same way (median over epochs 2..n). */
export async function rawFitRate(
  model: import("@tensorflow/tfjs").LayersModel,
  train: { x: import("@tensorflow/tfjs").Tensor; y: import("@tensorflow/tfjs").Tensor; n: number },
  val: { x: import("@tensorflow/tfjs").Tensor; y: import("@tensorflow/tfjs").Tensor },
  { epochs, batchSize }: { epochs: number; batchSize: number },
) {
  const rates: number[] = [];
  let t0 = performance.now();
  await model.fit(train.x, train.y, {
    epochs,
    batchSize,
    validationData: [val.x, val.y],
    verbose: 0,
    callbacks: {
      onEpochEnd: async () => {
        const now = performance.now();
        rates.push(train.n / ((now - t0) / 1000));
        t0 = now;
      },
    },
  });
  return median(rates.slice(1));
}
