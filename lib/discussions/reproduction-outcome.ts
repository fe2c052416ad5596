import { getPrisma, type TDb, type TPrisma } from "../db";
import type { RunStatus } from "../generated/prisma/client";
import { primaryMetric, scoreOf, type TBoardMetric, type TTask } from "../leaderboards/metrics";
import { postSystemEvent } from "./mutations";
import type { TSystemEvent } from "./schemas";

/*
 * The outcome of a "Reproduce this" run (reproduce.ts), posted into its thread once, as a SYSTEM event, when the run
 * reaches a final status. Every place that writes a final status calls recordReproductionOutcome (the worker's
 * success transaction, its failure and cancel writes, cancelRun, the reconciler); the reconciler also sweeps up any
 * outcome a crash left between a status write and its call (settleReproductions). Kept apart from reproduce.ts
 * because lib/runs/mutations.ts calls it and reproduce.ts calls lib/runs/mutations.ts (no import cycles).
 *
 * Scores come from the public test half only: the event is shown to everyone who can open the thread, and the private
 * half stays hidden until its reveal (lib/permissions/hidden-half.ts, docs/SECURITY.md).
 */

/**
 * How close the reproduction's public score must come to the original's to count as reproduced. A new seed changes
 * initialisation, dropout and shuffling but not the data split (fixed per dataset version), so the same config on the
 * same data should land near the same score; how near is a matter of the metric's scale:
 * - scores of a fraction of cases (accuracy, F1, precision, recall, ROC AUC) and R² (at most 1): 0.02 absolute — the
 *   seed-to-seed spread of small models, and one row's worth of accuracy on a 50-row test half;
 * - errors, whose scale is the target's (RMSE, MAE) or unbounded (log loss): 5% of the original's value, since no
 *   absolute figure fits both house prices and probabilities; MSE, their square, 10% (about 5% on its root).
 */
export const REPRODUCTION_TOLERANCE = { absolute: 0.02, relative: 0.05, relativeSquared: 0.1 } as const;

const RELATIVE: Partial<Record<TBoardMetric, number>> = {
  rmse: REPRODUCTION_TOLERANCE.relative,
  mae: REPRODUCTION_TOLERANCE.relative,
  logLoss: REPRODUCTION_TOLERANCE.relative,
  mse: REPRODUCTION_TOLERANCE.relativeSquared,
};

/** The largest difference from the original's score `before` that still counts as reproduced, in the metric's unit. */
export function toleranceFor(metric: TBoardMetric, before: number): number {
  const relative = RELATIVE[metric];
  return relative === undefined ? REPRODUCTION_TOLERANCE.absolute : relative * Math.abs(before);
}

const FINAL: RunStatus[] = ["SUCCEEDED", "FAILED", "CANCELED"];

type TFinishedRun = { status: RunStatus; error: string | null; metrics: unknown };

/** The primary metric's score on the public test half, or null (not finished, failed, no such score). */
function publicScore(run: TFinishedRun, metric: TBoardMetric): number | null {
  if (run.status !== "SUCCEEDED") return null;
  const testPublic = (run.metrics as { testPublic?: Record<string, unknown> | null } | null)?.testPublic;
  return scoreOf(testPublic, metric);
}

type TOutcome = { outcome: "REPRODUCED" | "NOT_REPRODUCED" | "FAILED" | "CANCELED"; event: TSystemEvent };

/** What the reproduction `run` of `original` came to, and the event that says so (values: primitives only). */
function outcomeOf(
  ids: { runId: string; originalRunId: string },
  run: TFinishedRun,
  original: TFinishedRun,
  dataset: { taskType: TTask; primaryMetric: string | null },
): TOutcome {
  if (run.status === "CANCELED") return { outcome: "CANCELED", event: { type: "reproductionCanceled", values: ids } };
  if (run.status === "FAILED") {
    // A failed original failing again the same way is the failure reproduced: worth saying in the thread.
    const sameError = original.status === "FAILED" && original.error === run.error;
    return {
      outcome: "FAILED",
      event: { type: "reproductionFailed", values: { ...ids, error: run.error, sameError } },
    };
  }
  const metric = primaryMetric(dataset);
  const before = publicScore(original, metric);
  const after = publicScore(run, metric);
  if (before === null || after === null)
    return {
      outcome: "NOT_REPRODUCED",
      event: {
        type: "reproduced",
        values: { ...ids, metric, before, after, tolerance: null, within: false, compared: false },
      },
    };
  const tolerance = toleranceFor(metric, before);
  // A hair of slack for floating point: 0.83 - 0.81 is 0.020000000000000018.
  const within = Math.abs(after - before) <= tolerance + 1e-9;
  return {
    outcome: within ? "REPRODUCED" : "NOT_REPRODUCED",
    event: { type: "reproduced", values: { ...ids, metric, before, after, tolerance, within, compared: true } },
  };
}

async function settle(runId: string, tx: TDb): Promise<TOutcome | null> {
  const reproduction = await tx.reproduction.findUnique({
    where: { runId },
    select: { id: true, threadId: true, originalRunId: true, outcome: true },
  });
  if (!reproduction || reproduction.outcome) return null;
  const RESULT = { status: true, error: true, metrics: true } as const;
  const run = await tx.run.findUniqueOrThrow({
    where: { id: runId },
    select: { ...RESULT, datasetVersion: { select: { dataset: { select: { taskType: true, primaryMetric: true } } } } },
  });
  if (!FINAL.includes(run.status)) return null;
  const original = await tx.run.findUniqueOrThrow({ where: { id: reproduction.originalRunId }, select: RESULT });
  const result = outcomeOf(
    { runId, originalRunId: reproduction.originalRunId },
    run,
    original,
    run.datasetVersion.dataset,
  );
  // The claim: of two calls for the same run (a retried job, the reconciler's sweep), only the one that sets the
  // outcome posts — the other waits on the row lock, then matches nothing.
  const { count } = await tx.reproduction.updateMany({
    where: { id: reproduction.id, outcome: null },
    data: { outcome: result.outcome, settledAt: new Date() },
  });
  if (count !== 1) return null;
  await postSystemEvent(reproduction.threadId, result.event, tx);
  return result;
}

/**
 * When `runId` is a reproduction that has reached a final status and has no outcome yet: records the outcome and posts
 * its one event into the thread ("reproduced", "reproductionFailed" or "reproductionCanceled"); otherwise nothing
 * (not a reproduction, still running, already posted). Inside a caller's transaction (the worker's success
 * transaction) it joins it; given the client, it opens its own. Returns the outcome posted, or null.
 */
export async function recordReproductionOutcome(runId: string, db: TDb = getPrisma()): Promise<TOutcome | null> {
  return "$transaction" in db ? (db as TPrisma).$transaction((tx) => settle(runId, tx)) : settle(runId, db);
}

/**
 * Posts the outcomes a crash left behind: reproductions whose run finished without its outcome recorded (the process
 * died between the status write and recordReproductionOutcome). Called by the reconciler; returns how many it posted.
 */
export async function settleReproductions(db: TPrisma = getPrisma(), limit = 100): Promise<number> {
  const pending = await db.reproduction.findMany({
    where: { outcome: null, run: { status: { in: FINAL } } },
    orderBy: { createdAt: "asc" },
    select: { runId: true },
    take: limit,
  });
  let posted = 0;
  for (const { runId } of pending) if (await recordReproductionOutcome(runId, db)) posted++;
  return posted;
}
