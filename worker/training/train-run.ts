import os from "node:os";
import path from "node:path";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type * as tfTypes from "@tensorflow/tfjs";
import type { Redis } from "ioredis";
import { getPrisma } from "../../lib/db";
import { loadEnv } from "../../lib/env";
import { AppError } from "../../lib/errors";
import { datasetShapeInfo } from "../../lib/configs/dataset-info";
import { ZConfigSpec, type TConfigSpec } from "../../lib/configs/spec";
import type { TCsvFormat } from "../../lib/datasets/csv";
import { mulberry32 } from "../../lib/random";
import { SPLIT } from "../../lib/datasets/split";
import { classificationMetrics, regressionMetrics, rocCurve } from "../../lib/runs/metrics";
import { recordRunResult } from "../../lib/leaderboards/record";
import { recordReproductionOutcome } from "../../lib/discussions/reproduction-outcome";
import { publishNotifications } from "../../lib/notifications/notify";
import { notifyRunOutcome } from "../../lib/notifications/runs";
import { estimateRunBytes, isOutOfMemory, trainingBudgetBytes } from "../../lib/runs/memory";
import { DataPreparationError, prepareImages, prepareTabular, type TPrepared } from "../../lib/runs/preprocess";
import { runChannel } from "../../lib/queue/training";
import { getBlobStore, scratchDir } from "../../lib/storage";
import { buildModel } from "../tfjs/build-model";
import type { TBackendChoice } from "../tfjs/backend";

type TTf = typeof tfTypes;

/** A problem with this run's data or config: fails the run with a message, no retry. */
export class RunUserError extends AppError {
  constructor(key: string) {
    super("RUN_FAILED", {}, { key });
    this.name = "RunUserError";
  }
}

/** The worker is shutting down: the run goes back to the queue after the current batch. */
export class RunInterrupted extends Error {}

function subset(p: TPrepared, split: number[] | number, featureSize: number) {
  const wanted = new Set(Array.isArray(split) ? split : [split]);
  const idx: number[] = [];
  p.splits.forEach((s, i) => wanted.has(s) && idx.push(i));
  const x = new Float32Array(idx.length * featureSize);
  const y = new Float32Array(idx.length);
  idx.forEach((row, k) => {
    x.set(p.x.subarray(row * featureSize, (row + 1) * featureSize), k * featureSize);
    y[k] = p.y[row]!;
  });
  return { x, y, n: idx.length };
}

function optimizerFor(tf: TTf, spec: TConfigSpec) {
  const o = spec.training.optimizer;
  switch (o.type) {
    case "sgd":
      return o.momentum > 0 ? tf.train.momentum(o.learningRate, o.momentum, o.nesterov) : tf.train.sgd(o.learningRate);
    case "adam":
      return tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    case "rmsprop":
      return tf.train.rmsprop(o.learningRate, o.rho, o.momentum, o.epsilon);
    case "adagrad":
      return tf.train.adagrad(o.learningRate);
  }
}

/** Learning rate for a 0-based epoch under the configured schedule. */
export function scheduledRate(spec: TConfigSpec, epoch: number): number {
  const base = spec.training.optimizer.learningRate;
  const s = spec.training.schedule;
  switch (s.type) {
    case "constant":
      return base;
    case "step":
      return base * s.factor ** Math.floor(epoch / s.everyEpochs);
    case "exponential":
      return base * s.decayRate ** (epoch / s.decayEpochs);
    case "cosine":
      return (
        s.minLearningRate +
        0.5 * (base - s.minLearningRate) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, spec.training.epochs)))
      );
  }
}

function lossFor(spec: TConfigSpec, classification: boolean) {
  const loss = spec.training.loss;
  if (loss === "auto") return classification ? "categoricalCrossentropy" : "meanSquaredError";
  return loss === "huber" ? "huberLoss" : loss;
}

/**
 * Shuffled training batches with random augmentation (seeded through Math.random):
 * a horizontal flip for about half the images, a small rotation per batch, and a
 * shift of each image by up to `shiftFraction` of its size.
 */
function augmentedBatches(
  tf: TTf,
  x: tfTypes.Tensor,
  y: tfTypes.Tensor,
  batchSize: number,
  augment: { flipHorizontal: boolean; rotationDegrees: number; shiftFraction: number },
) {
  const n = x.shape[0]!;
  const [h, w] = [x.shape[1]!, x.shape[2]!];
  return tf.data.generator(function* () {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      yield tf.tidy(() => {
        const indices = tf.tensor1d(idx, "int32");
        let xs = tf.gather(x, indices) as tfTypes.Tensor4D;
        const ys = tf.gather(y, indices);
        const m = idx.length;
        if (augment.flipHorizontal) {
          const mask = tf.tensor(
            idx.map(() => (Math.random() < 0.5 ? 1 : 0)),
            [m, 1, 1, 1],
            "bool",
          );
          xs = tf.where(tf.broadcastTo(mask, xs.shape), tf.image.flipLeftRight(xs), xs) as tfTypes.Tensor4D;
        }
        if (augment.rotationDegrees > 0) {
          const radians = ((Math.random() * 2 - 1) * augment.rotationDegrees * Math.PI) / 180;
          xs = tf.image.rotateWithOffset(xs, radians, 0);
        }
        if (augment.shiftFraction > 0) {
          const transforms = idx.flatMap(() => {
            const dx = (Math.random() * 2 - 1) * augment.shiftFraction * w;
            const dy = (Math.random() * 2 - 1) * augment.shiftFraction * h;
            return [1, 0, -dx, 0, 1, -dy, 0, 0];
          });
          xs = tf.image.transform(xs, tf.tensor2d(transforms, [m, 8]), "bilinear", "constant", 0);
        }
        return { xs, ys };
      });
    }
  });
}

/** Downsampled curve for storage and charts. */
const sample = <T>(values: T[], max = 200) =>
  values.length <= max
    ? values
    : values.filter((_, i) => i % Math.ceil(values.length / max) === 0 || i === values.length - 1);

export async function trainRun(options: {
  runId: string;
  tf: TTf;
  backend: TBackendChoice;
  publisher: Redis;
  shouldInterrupt: () => boolean;
  /** Set by the thread when the cancel watch reports a cancel request for this run. */
  shouldCancel: () => boolean;
}): Promise<"succeeded" | "canceled" | "skipped"> {
  const { runId, tf, publisher } = options;
  const db = getPrisma();
  const env = loadEnv();

  // Claim the run: QUEUED (or RUNNING from a lost worker) → RUNNING with a new attempt number.
  // The claim and the removal of an earlier attempt's curves commit together: no reader (the run page, a live stream
  // catching up from PostgreSQL, lib/runs/live-stream.ts) ever sees the new attempt with the old attempt's epochs.
  const claimed = await db.$transaction(async (tx) => {
    const rows = await tx.run.updateManyAndReturn({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] }, cancelRequested: false },
      data: {
        status: "RUNNING",
        attempt: { increment: 1 },
        startedAt: new Date(),
        backend: options.backend.name,
        tfjsVersion: options.backend.tfjsVersion,
        workerHost: os.hostname(),
        epochsDone: 0,
        error: null,
      },
    });
    if (rows.length) await tx.runEpoch.deleteMany({ where: { runId } }); // a retried run starts its curves again
    return rows;
  });
  const claim = claimed[0];
  if (!claim) {
    const notified = await db.$transaction(async (tx) => {
      const [canceled] = await tx.run.updateManyAndReturn({
        where: { id: runId, status: "QUEUED", cancelRequested: true },
        data: { status: "CANCELED", finishedAt: new Date() },
        select: { userId: true },
      });
      if (!canceled) return [];
      await recordReproductionOutcome(runId, tx); // a reproduction canceled while queued: its outcome, once
      return notifyRunOutcome(runId, tx, { canceledBy: canceled.userId }); // cancelRequested: the owner's (cancelRun)
    });
    await publishNotifications(notified, publisher);
    return "skipped"; // gone, finished, or canceled while queued
  }
  const attempt = claim.attempt;
  const publish = (event: object) => publisher.publish(runChannel(runId), JSON.stringify(event)).catch(() => 0);
  await publish({ type: "status", status: "RUNNING", attempt });

  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: {
      configRevision: true,
      datasetVersion: { select: { id: true, sha256: true, dataKey: true, format: true, splitAssignments: true } },
    },
  });
  const spec = ZConfigSpec.parse(run.configRevision.spec);
  const dataset = await datasetShapeInfo(run.datasetVersionId, { id: run.userId }, db);
  if (!dataset) throw new RunUserError("runErrors.datasetGone");
  const store = getBlobStore();
  const splits = new Uint8Array(run.datasetVersion.splitAssignments);
  // A model that could never fit fails now, before its data is read, as the user's problem, not later as a
  // crashed worker. (The processor has already reserved this estimate in the process's shared budget.)
  const need = estimateRunBytes(spec, dataset, splits);
  if (need !== null && need > trainingBudgetBytes(env.WORKER_MAX_TRAINING_BYTES))
    throw new RunUserError("runErrors.outOfMemory");

  // Reproducible: the run's seed drives initialisers, dropout and shuffling (tfjs draws its seeds from Math.random).
  const realRandom = Math.random;
  Math.random = mulberry32(run.seed);
  const tensors: tfTypes.Tensor[] = [];
  const keep = <T extends tfTypes.Tensor>(t: T) => (tensors.push(t), t);
  // Disposed in `finally`: the training thread is long-lived, so nothing may outlive a run.
  const disposables: { dispose: () => void }[] = [];
  const started = Date.now();
  try {
    let prepared: TPrepared;
    try {
      prepared =
        dataset.kind === "IMAGE"
          ? await prepareImages({ filePath: await store.localPath(run.datasetVersion.dataKey!), spec, splits })
          : await prepareTabular({
              filePath: await store.localPath(run.datasetVersion.sha256),
              format: run.datasetVersion.format as unknown as TCsvFormat,
              spec,
              dataset,
              splits,
            });
    } catch (error) {
      if (error instanceof DataPreparationError) throw new RunUserError(error.key);
      throw error;
    }
    if (prepared.x.some((v) => !Number.isFinite(v)) || prepared.y.some((v) => !Number.isFinite(v)))
      throw new RunUserError("runErrors.nonFinite");

    const classification = dataset.taskType === "CLASSIFICATION";
    const k = dataset.classes.length;
    const featureSize = prepared.inputShape.reduce((a, b) => a * b, 1);
    const shape = (n: number) => [n, ...prepared.inputShape];
    const target = (y: Float32Array) =>
      classification ? keep(tf.oneHot(tf.tensor1d(Array.from(y), "int32"), k)) : keep(tf.tensor2d(y, [y.length, 1]));
    const train = subset(prepared, SPLIT.TRAIN, featureSize);
    const val = subset(prepared, SPLIT.VALIDATION, featureSize);
    if (train.n === 0) throw new RunUserError("runErrors.noTrainingRows");
    const xTrain = keep(tf.tensor(train.x, shape(train.n)));
    const yTrain = target(train.y);
    const xVal = val.n ? keep(tf.tensor(val.x, shape(val.n))) : null;
    const yVal = val.n ? target(val.y) : null;

    const model = buildModel(tf, spec, prepared.inputShape);
    const optimizer = optimizerFor(tf, spec);
    disposables.push(model, optimizer);
    model.compile({ optimizer, loss: lossFor(spec, classification), metrics: classification ? ["accuracy"] : ["mae"] });

    const classWeight =
      classification && spec.training.classWeights === "balanced"
        ? Object.fromEntries(
            dataset.classes.map((_, c) => [c, train.n / (k * Math.max(1, train.y.filter((y) => y === c).length))]),
          )
        : classification && typeof spec.training.classWeights === "object"
          ? Object.fromEntries(
              dataset.classes.map((name, c) => [c, (spec.training.classWeights as Record<string, number>)[name] ?? 1]),
            )
          : undefined;

    const early = spec.training.earlyStopping;
    const monitorAcc = early.monitor === "val_accuracy";
    let best = Number.POSITIVE_INFINITY;
    let bestWeights: tfTypes.Tensor[] | null = null;
    let sinceBest = 0;
    let stopReason: "cancel" | "interrupt" | "wallTime" | null = null;
    let epochStart = Date.now();
    // Checked before every batch, so one epoch of batchSize 1 on a big table cannot hold the worker for hours:
    // a clock and two flags set by messages, never a database or Redis read.
    const limitReached = () =>
      options.shouldCancel()
        ? "cancel"
        : options.shouldInterrupt()
          ? "interrupt"
          : (Date.now() - started) / 1000 > env.RUN_MAX_WALL_SECONDS
            ? "wallTime"
            : null;

    const fitOptions = {
      epochs: spec.training.epochs,
      validationData: xVal && yVal ? ([xVal, yVal] as [tfTypes.Tensor, tfTypes.Tensor]) : undefined,
      classWeight,
      verbose: 0,
      callbacks: {
        onEpochBegin: async (epoch) => {
          epochStart = Date.now();
          (optimizer as unknown as { learningRate: number }).learningRate = scheduledRate(spec, epoch);
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
          const row = {
            epoch: epoch + 1,
            trainLoss: loss,
            valLoss: logs.val_loss ?? null,
            trainMetric: (classification ? logs.acc : logs.mae) ?? null,
            valMetric: (classification ? logs.val_acc : logs.val_mae) ?? null,
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
          await publish({ type: "epoch", attempt, ...row, epochsTotal: spec.training.epochs, etaSeconds, at: endedAt });

          if (early.enabled && xVal) {
            const value = monitorAcc ? -(logs.val_acc ?? 0) : (logs.val_loss ?? Number.POSITIVE_INFINITY);
            if (value < best) {
              best = value;
              sinceBest = 0;
              if (early.restoreBest) {
                bestWeights?.forEach((w) => w.dispose());
                bestWeights = model.getWeights().map((w) => w.clone());
              }
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

    if (stopReason === "cancel") {
      // Only cancelRun sets cancelRequested, and only for the run's owner: the owner is the cancel's actor.
      const notified = await db.$transaction(async (tx) => {
        const { count } = await tx.run.updateMany({
          where: { id: runId, attempt },
          data: { status: "CANCELED", finishedAt: new Date() },
        });
        if (!count) return [];
        await recordReproductionOutcome(runId, tx);
        return notifyRunOutcome(runId, tx, { canceledBy: run.userId });
      });
      await publish({ type: "status", status: "CANCELED" });
      await publishNotifications(notified, publisher);
      return "canceled";
    }
    if (stopReason === "interrupt") throw new RunInterrupted();
    if (stopReason === "wallTime") throw new RunUserError("runErrors.wallTime");
    const restored = bestWeights as tfTypes.Tensor[] | null;
    if (restored) model.setWeights(restored);

    // Evaluation on the held-out test split, public and private halves separately.
    const evaluate = (split: number) => {
      const part = subset(prepared, split, featureSize);
      if (!part.n) return null;
      const out = tf.tidy(() => model.predict(tf.tensor(part.x, shape(part.n))) as tfTypes.Tensor);
      const values = out.arraySync() as number[][];
      out.dispose();
      const yTrue = Array.from(part.y);
      if (classification) {
        const m = classificationMetrics(yTrue, values, dataset.classes);
        const positive = k === 2 ? 1 : null;
        const roc =
          positive !== null
            ? rocCurve(
                yTrue.map((y) => y === positive),
                values.map((v) => v[positive]!),
              )
            : null;
        return { n: part.n, ...m, roc: roc ? { fpr: sample(roc.fpr), tpr: sample(roc.tpr) } : null };
      }
      const predicted = values.map((v) => v[0]!);
      const residuals = sample(
        yTrue.map((y, i) => [predicted[i]!, y - predicted[i]!] as [number, number]),
        500,
      );
      return { n: part.n, ...regressionMetrics(yTrue, predicted), residuals };
    };
    const metrics = {
      testPublic: evaluate(SPLIT.TEST_PUBLIC),
      testPrivate: evaluate(SPLIT.TEST_PRIVATE),
      validation: evaluate(SPLIT.VALIDATION),
    };

    // Artifacts: tfjs model.json + weights.bin, and the fitted preprocessing.
    const dir = await mkdtemp(path.join(await scratchDir(), "model-"));
    let modelJson = "";
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightData as ArrayBuffer;
        await writeFile(path.join(dir, "weights.bin"), Buffer.from(weights));
        modelJson = JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: "layers-model",
          generatedBy: `TensorFlow.js ${tf.version_core}`,
          weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
        });
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    await writeFile(path.join(dir, "model.json"), modelJson);
    await writeFile(path.join(dir, "preprocessing.json"), JSON.stringify(prepared.fitted));
    const artifacts = {
      modelJson: (await store.putFile(path.join(dir, "model.json"))).key,
      weights: (await store.putFile(path.join(dir, "weights.bin"))).key,
      preprocessing: (await store.putFile(path.join(dir, "preprocessing.json"))).key,
      totalParams: model.countParams(),
    };
    await rm(dir, { recursive: true, force: true });
    // (Assigned inside the fit callbacks, which TypeScript's narrowing cannot see.)
    (bestWeights as tfTypes.Tensor[] | null)?.forEach((w) => w.dispose());

    // Written once: only the attempt that claimed the run may finish it. The
    // leaderboards change in the same transaction, so a board never shows a
    // result the run page does not (or the reverse).
    const { count, notified } = await db.$transaction(async (tx) => {
      const { count: claimed } = await tx.run.updateMany({
        where: { id: runId, attempt, status: "RUNNING" },
        data: {
          status: "SUCCEEDED",
          finishedAt: new Date(),
          metrics: JSON.parse(JSON.stringify(metrics)),
          artifacts,
          etaSeconds: 0,
          libraryVersions: { tfjs: tf.version_core, node: process.version, backend: options.backend.tfBackend },
        },
      });
      if (!claimed) return { count: claimed, notified: [] };
      await recordReproductionOutcome(runId, tx); // the thread's outcome event commits with the result
      // Notifications last (their lock is held to the commit: lib/notifications/notify.ts): the boards' forkBeatYou,
      // then the owner's runFinished.
      const recorded: { notified?: string[] } = await recordRunResult(runId, tx);
      const finished = await notifyRunOutcome(runId, tx);
      return { count: claimed, notified: [...(recorded.notified ?? []), ...finished] };
    });
    if (count) await publish({ type: "status", status: "SUCCEEDED" });
    await publishNotifications(notified, publisher);
    return count ? "succeeded" : "skipped";
  } catch (error) {
    // The backend ran out of memory despite the estimate: still the model's size, not the platform's fault.
    if (!(error instanceof RunUserError) && !(error instanceof RunInterrupted) && isOutOfMemory(error))
      throw new RunUserError("runErrors.outOfMemory");
    throw error;
  } finally {
    Math.random = realRandom;
    tensors.forEach((t) => t.dispose());
    for (const d of disposables) {
      try {
        d.dispose();
      } catch {
        // already disposed
      }
    }
  }
}

/** Records a user-facing failure (no retry), and tells the run's owner (once: only the write that failed it). */
export async function failRun(runId: string, key: string) {
  const notified = await getPrisma().$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", error: key, finishedAt: new Date() },
    });
    return count ? notifyRunOutcome(runId, tx) : [];
  });
  await recordReproductionOutcome(runId);
  await publishNotifications(notified);
}
