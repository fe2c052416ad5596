import type * as tfTypes from "@tensorflow/tfjs";
import type { Redis } from "ioredis";
import { type TPrisma } from "../../lib/db";
import type { TEnv } from "../../lib/env";
import { datasetShapeInfo } from "../../lib/configs/dataset-info";
import { ZConfigSpec, type TConfigSpec } from "../../lib/configs/spec";
import { estimateRunBytes, trainingBudgetBytes } from "../../lib/runs/memory";
import type { TRunEvent } from "../../lib/runs/live-events";
import type { TBackendChoice } from "../tfjs/backend";
import type { Cleanup } from "./cleanup";
import { RunUserError } from "./errors";

export type TTf = typeof tfTypes;

/** What the training thread hands trainRun (thread-entry.ts; bench/training.ts calls it in-process). */
export type TTrainOptions = {
  runId: string;
  tf: TTf;
  backend: TBackendChoice;
  publisher: Redis;
  shouldInterrupt: () => boolean;
  /** Set by the thread when the cancel watch reports a cancel request for this run. */
  shouldCancel: () => boolean;
};

async function loadRun(runId: string, db: TPrisma) {
  return db.run.findUniqueOrThrow({
    where: { id: runId },
    include: {
      configRevision: true,
      datasetVersion: { select: { id: true, sha256: true, dataKey: true, format: true, splitAssignments: true } },
    },
  });
}

export type TDatasetShape = NonNullable<Awaited<ReturnType<typeof datasetShapeInfo>>>;

/** Everything the steps after the claim share: the claimed run, its parsed config and dataset, and its cleanup. */
export type TRunContext = TTrainOptions & {
  db: TPrisma;
  env: TEnv;
  /** The attempt this thread claimed: only it may write the run's outcome. */
  attempt: number;
  run: Awaited<ReturnType<typeof loadRun>>;
  spec: TConfigSpec;
  dataset: TDatasetShape;
  splits: Uint8Array;
  /** Frees what the run holds, on every way out (cleanup.ts). */
  cleanup: Cleanup;
  /** On the run's channel, after the write it describes has committed. */
  publish: (event: TRunEvent) => Promise<number>;
};

/**
 * Reads the claimed run, its config and its dataset. A model that could never fit fails here, before its data is
 * read, as the user's problem, not later as a crashed worker. (The processor has already reserved this estimate in
 * the process's shared budget.)
 */
export async function openRunContext(
  base: Omit<TRunContext, "run" | "spec" | "dataset" | "splits">,
): Promise<TRunContext> {
  const run = await loadRun(base.runId, base.db);
  const spec = ZConfigSpec.parse(run.configRevision.spec);
  const dataset = await datasetShapeInfo(run.datasetVersionId, { id: run.userId }, base.db);
  if (!dataset) throw new RunUserError("runErrors.datasetGone");
  const splits = new Uint8Array(run.datasetVersion.splitAssignments);
  const need = estimateRunBytes(spec, dataset, splits);
  if (need !== null && need > trainingBudgetBytes(base.env.WORKER_MAX_TRAINING_BYTES))
    throw new RunUserError("runErrors.outOfMemory");
  return { ...base, run, spec, dataset, splits };
}
