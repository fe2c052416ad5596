import {
  boardMetrics,
  metricDirection,
  primaryMetric,
  scoreOf,
  type TBoardMetric,
  type TDirection,
  type TTask,
} from "../leaderboards/metrics";
import { canSeePrivateHalf, halfStateOf, redactRunMetrics, type THalfStateRow } from "../permissions/hidden-half";
import type { TViewer } from "../permissions/visibility";

/*
 * An answer that is an experiment shows what it changed: when its run and the asker's run (a question on a run) both
 * succeeded on the same dataset version, their test metrics side by side — the public half always, the private half
 * only for viewers who may see it (lib/permissions/hidden-half.ts) — and the board's primary metric before and after,
 * judged in that metric's direction. An accepted answer that improves it is a verified fix.
 */

type TRunResult = { id: string; status: string; datasetVersionId: string; metrics: unknown };

/** The asker's run with what judging it needs: the task, the primary metric and the version's hidden-half state. */
export type TAskerRun = TRunResult & {
  datasetVersion: THalfStateRow & { dataset: { ownerId: string; taskType: TTask; primaryMetric: string | null } };
};

export type TScores = Partial<Record<TBoardMetric, number>>;

export type TMeasuredChange = {
  metric: TBoardMetric;
  direction: TDirection;
  asker: { runId: string; testPublic: TScores; testPrivate: TScores | null };
  answer: { runId: string; testPublic: TScores; testPrivate: TScores | null };
  /** The primary metric's public score of the asker's run and of the answer's run. */
  before: number | null;
  after: number | null;
  /** `after` beats `before` in the metric's direction (strictly). */
  improved: boolean;
};

/** The board metrics of one split of a run's stored metrics (testPublic, testPrivate), those it has. */
export function scores(split: unknown, task: TTask): TScores {
  const out: TScores = {};
  if (!split || typeof split !== "object") return out;
  for (const metric of boardMetrics(task)) {
    const value = scoreOf(split as Record<string, unknown>, metric);
    if (value !== null) out[metric] = value;
  }
  return out;
}

/** The measured change of an answer's run against the asker's, or null when they cannot be compared. */
export function measuredChange(
  asker: TAskerRun,
  answerRun: TRunResult,
  viewer: TViewer,
  now = new Date(),
): TMeasuredChange | null {
  if (asker.status !== "SUCCEEDED" || answerRun.status !== "SUCCEEDED") return null;
  if (asker.datasetVersionId !== answerRun.datasetVersionId) return null;
  const { taskType } = asker.datasetVersion.dataset;
  const metric = primaryMetric(asker.datasetVersion.dataset);
  const direction = metricDirection(taskType, metric);
  const privateShown = canSeePrivateHalf(viewer, halfStateOf(asker.datasetVersion), now);
  const side = (run: TRunResult) => {
    const { metrics } = redactRunMetrics(run, privateShown);
    const m = (metrics ?? {}) as { testPublic?: unknown; testPrivate?: unknown };
    return {
      runId: run.id,
      testPublic: scores(m.testPublic, taskType),
      testPrivate: privateShown ? scores(m.testPrivate, taskType) : null,
    };
  };
  const [before, after] = [side(asker), side(answerRun)];
  const b = before.testPublic[metric] ?? null;
  const a = after.testPublic[metric] ?? null;
  const improved = a !== null && b !== null && (direction === "max" ? a > b : a < b);
  return { metric, direction, asker: before, answer: after, before: b, after: a, improved };
}
