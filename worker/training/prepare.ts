import type * as tfTypes from "@tensorflow/tfjs";
import type { TCsvFormat } from "../../lib/datasets/csv";
import { SPLIT } from "../../lib/datasets/split";
import {
  DataPreparationError,
  prepareImages,
  prepareTabular,
  type TFittedPreprocessing,
  type TPrepared,
} from "../../lib/runs/preprocess";
import { getBlobStore } from "../../lib/storage";
import { prepareText } from "../../lib/runs/text-preprocess";
import type { TRunContext } from "./context";
import { RunUserError } from "./errors";

/** The rows of the given split(s), copied out of the prepared arrays. */
export function subset(p: TPrepared, split: number[] | number, featureSize: number) {
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

/** The run's data, fitted and split, with the training and validation tensors (freed by the run's cleanup). */
export type TTrainingData = {
  prepared: TPrepared;
  classification: boolean;
  /** Number of classes (0 for regression). */
  classCount: number;
  featureSize: number;
  /** A batch shape of n rows. */
  shape: (n: number) => number[];
  train: { y: Float32Array; n: number };
  xTrain: tfTypes.Tensor;
  yTrain: tfTypes.Tensor;
  xVal: tfTypes.Tensor | null;
  yVal: tfTypes.Tensor | null;
};

/** A fine-tuned run reuses its base's fitted preprocessing (`baseFitted`) instead of fitting its own. */
async function readData(ctx: TRunContext, baseFitted?: TFittedPreprocessing): Promise<TPrepared> {
  const { spec, dataset, splits, run } = ctx;
  const store = getBlobStore();
  const fittedOf = <K extends TFittedPreprocessing["kind"]>(kind: K) => {
    if (!baseFitted) return undefined;
    if (baseFitted.kind !== kind) throw new RunUserError("runErrors.baseKindMismatch");
    return baseFitted as Extract<TFittedPreprocessing, { kind: K }>;
  };
  try {
    // A text spec on a table: the model reads one text column's token ids (issue 17).
    if (dataset.kind === "TABULAR" && spec.preprocessing.text)
      return await prepareText({
        filePath: await store.localPath(run.datasetVersion.sha256),
        format: run.datasetVersion.format as unknown as TCsvFormat,
        spec,
        dataset,
        splits,
        fitted: fittedOf("text"),
      });
    return dataset.kind === "IMAGE"
      ? await prepareImages({
          filePath: await store.localPath(run.datasetVersion.dataKey!),
          spec,
          splits,
          fitted: fittedOf("image"),
        })
      : await prepareTabular({
          filePath: await store.localPath(run.datasetVersion.sha256),
          format: run.datasetVersion.format as unknown as TCsvFormat,
          spec,
          dataset,
          splits,
          fitted: fittedOf("tabular"),
        });
  } catch (error) {
    if (error instanceof DataPreparationError) throw new RunUserError(error.key, error.values);
    throw error;
  }
}

/** Reads and preprocesses the dataset version, then makes the tensors training needs. */
export async function prepareData(ctx: TRunContext, baseFitted?: TFittedPreprocessing): Promise<TTrainingData> {
  const { tf, dataset, cleanup } = ctx;
  const prepared = await readData(ctx, baseFitted);
  if (prepared.x.some((v) => !Number.isFinite(v)) || prepared.y.some((v) => !Number.isFinite(v)))
    throw new RunUserError("runErrors.nonFinite");

  const classification = dataset.taskType === "CLASSIFICATION";
  const classCount = dataset.classes.length;
  const featureSize = prepared.inputShape.reduce((a, b) => a * b, 1);
  const shape = (n: number) => [n, ...prepared.inputShape];
  const target = (y: Float32Array) =>
    cleanup.track(
      classification
        ? tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(y), "int32"), classCount))
        : tf.tensor2d(y, [y.length, 1]),
    );
  const train = subset(prepared, SPLIT.TRAIN, featureSize);
  const val = subset(prepared, SPLIT.VALIDATION, featureSize);
  if (train.n === 0) throw new RunUserError("runErrors.noTrainingRows");
  return {
    prepared,
    classification,
    classCount,
    featureSize,
    shape,
    train: { y: train.y, n: train.n },
    xTrain: cleanup.track(tf.tensor(train.x, shape(train.n))),
    yTrain: target(train.y),
    xVal: val.n ? cleanup.track(tf.tensor(val.x, shape(val.n))) : null,
    yVal: val.n ? target(val.y) : null,
  };
}
