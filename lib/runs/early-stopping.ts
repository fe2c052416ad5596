import { z } from "zod";

/**
 * Where early stopping acted on a finished run, read back from what the worker stored: the revision's spec
 * (training.earlyStopping) and the run's epoch rows. worker/training/train-run.ts watches the validation loss (or
 * accuracy), keeps the first epoch that strictly improved on every earlier one, stops after `patience` epochs
 * without improvement, and — with `restoreBest` — evaluates and saves the weights of that best epoch.
 */
const ZEarlyStopping = z
  .object({
    enabled: z.boolean().default(false),
    monitor: z.enum(["val_loss", "val_accuracy"]).default("val_loss"),
    restoreBest: z.boolean().default(true),
  })
  .catch({ enabled: false, monitor: "val_loss", restoreBest: true });
const ZTrainingOf = z
  .object({ training: z.object({ earlyStopping: ZEarlyStopping.optional() }).catch({}) })
  .catch({ training: {} });

type TEpochRow = { epoch: number; valLoss: number | null; valMetric: number | null };
export type TEarlyStopMarks = {
  /** The last epoch trained when early stopping ended the run before its planned epochs; null otherwise. */
  stoppedAfter: number | null;
  /** The epoch whose weights the saved model holds, when they were restored from an earlier epoch; null otherwise. */
  restoredEpoch: number | null;
};

export function earlyStopMarks(run: {
  status: string;
  epochsTotal: number;
  spec: unknown;
  classification: boolean;
  epochs: TEpochRow[];
}): TEarlyStopMarks {
  const none = { stoppedAfter: null, restoredEpoch: null };
  const early = ZTrainingOf.parse(run.spec).training.earlyStopping;
  // Only a finished run stopped for this reason: cancel, interruption and the wall-time limit end it otherwise.
  if (!early?.enabled || run.status !== "SUCCEEDED" || !run.epochs.length) return none;
  // Early stopping needs validation data; without it the worker never watches anything.
  if (run.epochs.every((e) => e.valLoss === null)) return none;
  const last = run.epochs[run.epochs.length - 1]!.epoch;
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch: number | null = null;
  for (const e of run.epochs) {
    // The same value the worker compares (val_acc is absent from a regression's logs: it reads 0).
    const value =
      early.monitor === "val_accuracy"
        ? -(run.classification ? (e.valMetric ?? 0) : 0)
        : (e.valLoss ?? Number.POSITIVE_INFINITY);
    if (value < best) [best, bestEpoch] = [value, e.epoch];
  }
  return {
    stoppedAfter: last < run.epochsTotal ? last : null,
    restoredEpoch: early.restoreBest && bestEpoch !== null && bestEpoch !== last ? bestEpoch : null,
  };
}
