import { boardMetrics, scoreOf, type TBoardMetric } from "../leaderboards/metrics";
import { mulberry32 } from "../random";
import { classificationMetrics, regressionMetrics } from "./metrics";

/** A 95 % interval per board metric of one split: `{ accuracy: [lo, hi], … }`. */
export type TIntervals = Partial<Record<TBoardMetric, [number, number]>>;

export type TBootstrapInput =
  | { task: "CLASSIFICATION"; yTrue: ArrayLike<number>; probabilities: ArrayLike<number>[]; labels: string[] }
  | { task: "REGRESSION"; yTrue: ArrayLike<number>; yPred: ArrayLike<number> };

/** Resamples for up to this many rows; above it, fewer (below), so a large test half stays cheap to evaluate. */
const BOOTSTRAP_FULL_ROWS = 5_000;
export const BOOTSTRAP_RESAMPLES = 1_000;
export const BOOTSTRAP_RESAMPLES_LARGE = 200;
const LEVEL = 0.95;

export function resamplesFor(n: number): number {
  // Large halves get 200 resamples: their intervals are narrow, and each resample costs O(n log n) (ROC AUC's sort).
  return n > BOOTSTRAP_FULL_ROWS ? BOOTSTRAP_RESAMPLES_LARGE : BOOTSTRAP_RESAMPLES;
}

/** The q-quantile of ascending values, interpolated linearly between order statistics (numpy's default). */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap of every board metric of one split: resample its rows with replacement, score each resample
 * with the same functions as the point estimate (lib/runs/metrics.ts), and take the 2.5th and 97.5th percentiles.
 * Seeded, so a run's intervals are reproducible. A metric undefined on more than half the resamples (ROC AUC when a
 * resample lacks a class, say) gets no interval rather than one drawn from the few resamples that defined it.
 */
export function bootstrapIntervals(input: TBootstrapInput, seed: number, resamples = resamplesFor(input.yTrue.length)) {
  const n = input.yTrue.length;
  const metrics = boardMetrics(input.task);
  const intervals: TIntervals = {};
  if (n < 2) return { intervals, resamples: 0 };
  const random = mulberry32(seed);
  const draws = new Map<TBoardMetric, number[]>(metrics.map((m) => [m, []]));
  const index = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) index[i] = Math.floor(random() * n);
    const yTrue = Array.from(index, (i) => input.yTrue[i]!);
    const scores =
      input.task === "CLASSIFICATION"
        ? classificationMetrics(
            yTrue,
            Array.from(index, (i) => input.probabilities[i]!),
            input.labels,
          )
        : regressionMetrics(
            yTrue,
            Array.from(index, (i) => input.yPred[i]!),
          );
    for (const m of metrics) {
      const value = scoreOf(scores as unknown as Record<string, unknown>, m);
      if (value !== null) draws.get(m)!.push(value);
    }
  }
  const tail = (1 - LEVEL) / 2;
  for (const m of metrics) {
    const values = draws.get(m)!;
    if (values.length * 2 <= resamples) continue;
    values.sort((a, b) => a - b);
    intervals[m] = [quantile(values, tail), quantile(values, 1 - tail)];
  }
  return { intervals, resamples };
}

/** A stored interval, if well formed: runs evaluated before intervals existed have none. */
export function intervalOf(split: Record<string, unknown> | null | undefined, metric: string): [number, number] | null {
  const ci = split?.ci;
  if (!ci || typeof ci !== "object") return null;
  const value = (ci as Record<string, unknown>)[metric];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [lo, hi] = value as unknown[];
  return typeof lo === "number" && typeof hi === "number" && Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi
    ? [lo, hi]
    : null;
}
