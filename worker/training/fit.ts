import type * as tfTypes from "@tensorflow/tfjs";
import { augmentedBatches } from "./augment";
import { scheduledRate, setLearningRate, type TBuilt } from "./build";
import type { TRunContext } from "./context";
import { RunUserError } from "./errors";
import type { TTrainingData } from "./prepare";
import { targetScaling } from "../../lib/runs/preprocess";

/**
 * Factors that turn the logged loss and metric of a regression on a standardised target (issue 17) back into the
 * target's units: mae × scale; meanSquaredError × scale², meanAbsoluteError × scale (with an L1/L2 penalty in the
 * loss, that part is scaled too: a display approximation). Huber with δ = 1 on the standardised target, × scale²,
 * is exactly the Huber loss of the errors in the target's units with δ = scale (H₁(r/s)·s² = H_s(r)): also × scale².
 */
export function historyFactors(spec: TRunContext["spec"], data: TTrainingData): { loss: number; metric: number } {
  if (data.classification) return { loss: 1, metric: 1 };
  const { scale } = targetScaling(data.prepared.fitted);
  const loss = spec.training.loss;
  if (loss === "meanAbsoluteError") return { loss: scale, metric: scale };
  return { loss: scale * scale, metric: scale }; // auto (meanSquaredError), meanSquaredError, huber
}

/** Why training stopped before its epochs and early stopping were done; null when it was not stopped. */
export type TStopReason = "cancel" | "interrupt" | "wallTime" | null;

function classWeightOf(ctx: TRunContext, data: TTrainingData) {
  const { spec, dataset } = ctx;
  const { classification, classCount: k, train } = data;
  if (classification && spec.training.classWeights === "balanced")
    return Object.fromEntries(
      dataset.classes.map((_, c) => [c, train.n / (k * Math.max(1, train.y.filter((y) => y === c).length))]),
    );
  if (classification && typeof spec.training.classWeights === "object") {
    const weights = spec.training.classWeights;
    return Object.fromEntries(dataset.classes.map((name, c) => [c, weights[name] ?? 1]));
  }
  return undefined;
}

/**
 * Trains the model, writing and publishing each finished epoch, with early stopping (the best weights are restored
 * at the end; their copy is held in the run's cleanup, so it is freed however the run ends). Stops within one batch
 * of a cancel, an interrupt or the wall-time limit, and says which.
 */
export async function fit(
  ctx: TRunContext,
  data: TTrainingData,
  { model, optimizer }: TBuilt,
  startedAt: number,
): Promise<TStopReason> {
  const { tf, db, runId, spec, attempt, dataset } = ctx;
  const { classification, train, xTrain, yTrain, xVal, yVal } = data;
  const early = spec.training.earlyStopping;
  const monitorAcc = early.monitor === "val_accuracy";
  const factor = historyFactors(spec, data);
  const times = (value: number | undefined, by: number) => (value === undefined ? null : value * by);
  let best = Number.POSITIVE_INFINITY;
  const bestWeights = ctx.cleanup.slot<tfTypes.Tensor[]>();
  let sinceBest = 0;
  let stopReason: TStopReason = null;
  let epochStart = Date.now();
  // Checked before every batch, so one epoch of batchSize 1 on a big table cannot hold the worker for hours:
  // a clock and two flags set by messages, never a database or Redis read.
  const limitReached = (): TStopReason =>
    ctx.shouldCancel()
      ? "cancel"
      : ctx.shouldInterrupt()
        ? "interrupt"
        : (Date.now() - startedAt) / 1000 > ctx.env.RUN_MAX_WALL_SECONDS
          ? "wallTime"
          : null;

  const fitOptions = {
    epochs: spec.training.epochs,
    validationData: xVal && yVal ? ([xVal, yVal] as [tfTypes.Tensor, tfTypes.Tensor]) : undefined,
    classWeight: classWeightOf(ctx, data),
    verbose: 0,
    callbacks: {
      onEpochBegin: async (epoch) => {
        epochStart = Date.now();
        setLearningRate(optimizer, scheduledRate(spec, epoch));
      },
      // onBatchBegin, not onBatchEnd: tfjs downloads the batch's loss tensors before a user onBatchEnd (a device
      // sync per batch on a GPU); these logs hold no tensors. tfjs 4.22 honours stopTraining after each batch in
      // both fit and fitDataset (it breaks out of the batch loop), so a stop costs at most this one batch.
      onBatchBegin: async () => {
        stopReason ??= limitReached();
        if (stopReason) model.stopTraining = true;
      },
      onEpochEnd: async (epoch, logs = {}) => {
        if (stopReason) return; // stopped inside the epoch: it is not a finished epoch, so no curve point
        const loss = logs.loss ?? Number.NaN;
        if (!Number.isFinite(loss)) throw new RunUserError("runErrors.nanLoss");
        const seconds = (Date.now() - epochStart) / 1000;
        const samplesPerSec = train.n / Math.max(seconds, 1e-3);
        const remaining = spec.training.epochs - epoch - 1;
        const etaSeconds = Math.round(remaining * seconds);
        // Stored and published in the target's units; early stopping below still reads the raw logs (the same order).
        const row = {
          epoch: epoch + 1,
          trainLoss: loss * factor.loss,
          valLoss: times(logs.val_loss, factor.loss),
          trainMetric: times(classification ? logs.acc : logs.mae, factor.metric),
          valMetric: times(classification ? logs.val_acc : logs.val_mae, factor.metric),
          learningRate: scheduledRate(spec, epoch),
          samplesPerSec,
        };
        const endedAt = Date.now();
        // One round trip for both writes, then the live event (with the epoch's end time, for latency measurements).
        const [, current] = await db.$transaction([
          db.runEpoch.upsert({
            where: { runId_epoch: { runId, epoch: row.epoch } },
            create: { runId, ...row },
            update: row,
          }),
          db.run.update({
            where: { id: runId },
            data: { epochsDone: row.epoch, samplesPerSec, etaSeconds },
            select: { cancelRequested: true },
          }),
        ]);
        await ctx.publish({
          type: "epoch",
          attempt,
          ...row,
          epochsTotal: spec.training.epochs,
          etaSeconds,
          at: endedAt,
        });

        if (early.enabled && xVal) {
          const value = monitorAcc ? -(logs.val_acc ?? 0) : (logs.val_loss ?? Number.POSITIVE_INFINITY);
          if (value < best) {
            best = value;
            sinceBest = 0;
            if (early.restoreBest) bestWeights.set(model.getWeights().map((w) => w.clone()));
          } else if (++sinceBest >= early.patience) model.stopTraining = true;
        }
        // The column is read here anyway (same round trip): a cancel the watch missed still stops the run.
        stopReason = current.cancelRequested ? "cancel" : limitReached();
        if (stopReason) model.stopTraining = true;
      },
    },
  } satisfies tfTypes.ModelFitDatasetArgs<unknown>;
  const augment = dataset.kind === "IMAGE" ? spec.preprocessing.image.augmentation : null;
  if (augment && (augment.flipHorizontal || augment.rotationDegrees > 0 || augment.shiftFraction > 0)) {
    // Augmented images are made fresh for every batch of every epoch, so the model never sees the same copy twice.
    await model.fitDataset(augmentedBatches(tf, xTrain, yTrain, spec.training.batchSize, augment), fitOptions);
  } else {
    await model.fit(xTrain, yTrain, { ...fitOptions, batchSize: spec.training.batchSize, shuffle: true });
  }
  // (Assigned inside the fit callbacks, which TypeScript's narrowing cannot see.)
  const stopped = stopReason as TStopReason;
  const restored = bestWeights.get();
  if (!stopped && restored) model.setWeights(restored);
  return stopped;
}
