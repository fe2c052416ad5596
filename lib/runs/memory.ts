import os from "node:os";
import { analyzeSpec, type TDatasetShapeInfo, type TShapeAnalysis } from "../configs/shapes";
import type { TConfigSpec } from "../configs/spec";
import { SPLIT } from "../datasets/split";

/**
 * A training run's memory needs, estimated before any tensor is made, so a model
 * that cannot fit fails at once with a clear message instead of crashing the
 * worker (which would be retried as an infrastructure error).
 * - weights, their gradients and up to two optimizer slots (Adam's m and v): 4 × params;
 * - activations of one batch, kept for the backward pass, and their gradients: 2 × batch × Σ layer outputs;
 * - the training and validation tensors themselves.
 * All float32. An estimate, on purpose a little generous; the real peak depends on the backend.
 */
export function estimateTrainingBytes(
  analysis: Pick<TShapeAnalysis, "inputShape" | "layers" | "totalParams">,
  batchSize: number,
  rows: number,
): number {
  const FLOAT = 4;
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const activations = size(analysis.inputShape) + analysis.layers.reduce((sum, l) => sum + size(l.outputShape), 0);
  return FLOAT * (4 * analysis.totalParams + 2 * batchSize * activations + rows * size(analysis.inputShape));
}

/**
 * A run's estimate from its spec, its dataset and the version's split (the train and validation rows are
 * the tensors training holds). The same numbers before the run is dispatched (the worker's memory budget)
 * and inside the training thread. Null when the spec does not fit the dataset (training reports that).
 */
export function estimateRunBytes(spec: TConfigSpec, dataset: TDatasetShapeInfo, splits: Uint8Array): number | null {
  const analysis = analyzeSpec(spec, dataset).analysis;
  if (!analysis) return null;
  let rows = 0;
  for (const s of splits) if (s === SPLIT.TRAIN || s === SPLIT.VALIDATION) rows++;
  return estimateTrainingBytes(analysis, spec.training.batchSize, rows);
}

/**
 * The training memory of one worker process, shared by every run it trains at once
 * (`WORKER_MAX_TRAINING_BYTES`; default half the machine's memory).
 */
export const trainingBudgetBytes = (configured: number | undefined) => configured ?? Math.floor(os.totalmem() / 2);

/** Backend failures that mean "this model does not fit in memory" (tfjs-node, CUDA, wasm heap, V8). */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot enlarge memory|Array buffer allocation failed|Invalid array length|RESOURCE_EXHAUSTED/i.test(
    message,
  );
}
