import type { Redis } from "ioredis";
import { getPrisma } from "../../lib/db";
import type { TErrorValues } from "../../lib/errors";
import { recordReproductionOutcome } from "../../lib/discussions/reproduction-outcome";
import { recordRunResult } from "../../lib/leaderboards/record";
import { publishNotifications } from "../../lib/notifications/notify";
import { notifyRunOutcome } from "../../lib/notifications/runs";
import { publishRunEvent } from "../../lib/runs/live-events";
import { cancelRunningRun, failRun, succeedRun } from "../../lib/runs/transitions";
import type { TRunContext } from "./context";
import type { TMetrics } from "./evaluate";
import type { TArtifacts } from "./save";

/** A run's outcome as trainRun reports it to the thread; "skipped": another writer had already decided it. */
export type TTrainResult = "succeeded" | "canceled" | "skipped";

/** The attempt in hand stopped at its owner's cancel request. */
export async function finishCanceled(ctx: TRunContext): Promise<TTrainResult> {
  const { db, runId, attempt } = ctx;
  // Only cancelRun sets cancelRequested, and only for the run's owner: the owner is the cancel's actor.
  const { canceled, notified } = await db.$transaction(async (tx) => {
    if (!(await cancelRunningRun({ runId, attempt }, tx))) return { canceled: false, notified: [] };
    await recordReproductionOutcome(runId, tx);
    return { canceled: true, notified: await notifyRunOutcome(runId, tx, { canceledBy: ctx.run.userId }) };
  });
  if (canceled) await ctx.publish({ type: "status", status: "CANCELED" });
  await publishNotifications(notified, ctx.publisher);
  return canceled ? "canceled" : "skipped";
}

/**
 * Writes the result, once: only the attempt that claimed the run may finish it. The leaderboards change in the same
 * transaction, so a board never shows a result the run page does not (or the reverse).
 */
export async function finishSucceeded(
  ctx: TRunContext,
  metrics: TMetrics,
  artifacts: TArtifacts,
): Promise<TTrainResult> {
  const { db, runId, attempt, tf } = ctx;
  const { succeeded, notified } = await db.$transaction(async (tx) => {
    const result = {
      metrics: JSON.parse(JSON.stringify(metrics)),
      artifacts,
      libraryVersions: { tfjs: tf.version_core, node: process.version, backend: ctx.backend.tfBackend },
    };
    if (!(await succeedRun({ runId, attempt, result }, tx))) return { succeeded: false, notified: [] };
    await recordReproductionOutcome(runId, tx); // the thread's outcome event commits with the result
    // Notifications last (their lock is held to the commit: lib/notifications/notify.ts): the boards' forkBeatYou,
    // then the owner's runFinished.
    const recorded: { notified?: string[] } = await recordRunResult(runId, tx);
    const finished = await notifyRunOutcome(runId, tx);
    return { succeeded: true, notified: [...(recorded.notified ?? []), ...finished] };
  });
  if (succeeded) await ctx.publish({ type: "status", status: "SUCCEEDED" });
  await publishNotifications(notified, ctx.publisher);
  return succeeded ? "succeeded" : "skipped";
}

/**
 * Fails a run (QUEUED or RUNNING) with an error's catalogue key, no retry, and tells its owner — once: only the write
 * that failed it. `publisher`: the live channel hears FAILED with the key too.
 */
export async function recordRunFailure(runId: string, key: string, publisher?: Redis, values: TErrorValues = {}) {
  const { failed, notified } = await getPrisma().$transaction(async (tx) => {
    if (!(await failRun({ runId, error: key, values }, tx))) return { failed: false, notified: [] };
    return { failed: true, notified: await notifyRunOutcome(runId, tx) };
  });
  await recordReproductionOutcome(runId);
  await publishNotifications(notified);
  if (failed && publisher) await publishRunEvent(publisher, runId, { type: "status", status: "FAILED", error: key });
}
