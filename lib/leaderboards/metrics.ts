/**
 * The metrics a board can rank by, per task, with their direction. A board is a
 * dataset version × one of these; the dataset declares which one is primary.
 */
export type TDirection = "max" | "min";
export type TTask = "CLASSIFICATION" | "REGRESSION";

export const BOARD_METRICS = {
  CLASSIFICATION: {
    accuracy: "max",
    f1Macro: "max",
    rocAuc: "max",
    logLoss: "min",
    precisionMacro: "max",
    recallMacro: "max",
  },
  REGRESSION: { rmse: "min", mae: "min", r2: "max", mse: "min" },
} as const satisfies Record<TTask, Record<string, TDirection>>;

export type TBoardMetric = keyof (typeof BOARD_METRICS)["CLASSIFICATION"] | keyof (typeof BOARD_METRICS)["REGRESSION"];

/**
 * The values each metric can take, for chart axes: scores of a fraction of cases lie in [0, 1]; R² is at most 1 (and
 * unbounded below); errors and log loss are at least 0.
 */
export const METRIC_RANGE: Record<TBoardMetric, { min?: number; max?: number }> = {
  accuracy: { min: 0, max: 1 },
  f1Macro: { min: 0, max: 1 },
  precisionMacro: { min: 0, max: 1 },
  recallMacro: { min: 0, max: 1 },
  rocAuc: { min: 0, max: 1 },
  r2: { max: 1 },
  logLoss: { min: 0 },
  rmse: { min: 0 },
  mae: { min: 0 },
  mse: { min: 0 },
};

export function boardMetrics(task: TTask): TBoardMetric[] {
  return Object.keys(BOARD_METRICS[task]) as TBoardMetric[];
}

export function isBoardMetric(task: TTask, metric: string): metric is TBoardMetric {
  return Object.hasOwn(BOARD_METRICS[task], metric);
}

export function metricDirection(task: TTask, metric: TBoardMetric): TDirection {
  return (BOARD_METRICS[task] as Record<string, TDirection>)[metric]!;
}

/** The dataset's declared primary metric, or the task's default (the first listed). */
export function primaryMetric(dataset: { taskType: TTask; primaryMetric: string | null }): TBoardMetric {
  return dataset.primaryMetric && isBoardMetric(dataset.taskType, dataset.primaryMetric)
    ? dataset.primaryMetric
    : boardMetrics(dataset.taskType)[0]!;
}

/** Ascending sort key is always "best first": the score for lower-is-better metrics, its negation otherwise. */
export function sortKeyOf(direction: TDirection, score: number): number {
  return direction === "max" ? -score : score;
}

type TSplitMetrics = Record<string, unknown> | null | undefined;

/** One metric's score from a run's stored evaluation half; null when missing or not finite (e.g. ROC AUC with one class). */
export function scoreOf(split: TSplitMetrics, metric: TBoardMetric): number | null {
  const value = split?.[metric];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
