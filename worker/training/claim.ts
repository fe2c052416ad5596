import os from "node:os";
import type { TPrisma } from "../../lib/db";
import { recordReproductionOutcome } from "../../lib/discussions/reproduction-outcome";
import { publishNotifications } from "../../lib/notifications/notify";
import { notifyRunOutcome } from "../../lib/notifications/runs";
import { cancelQueuedRun, claimRun } from "../../lib/runs/transitions";
import type { TTrainOptions } from "./context";

/**
 * Claims the run for this thread: QUEUED (or RUNNING from a lost worker) → RUNNING with a new attempt number.
 * Null when there is nothing to train: the run is gone, finished, or its cancel was requested while it was queued
 * (then this is where it becomes CANCELED).
 */
export async function claim(options: TTrainOptions, db: TPrisma): Promise<{ attempt: number } | null> {
  const { runId } = options;
  const claimed = await claimRun(
    {
      runId,
      backend: options.backend.name,
      tfjsVersion: options.backend.tfjsVersion,
      workerHost: os.hostname(),
    },
    db,
  );
  if (claimed) return claimed;
  const notified = await db.$transaction(async (tx) => {
    const canceled = await cancelQueuedRun({ runId, requestedOnly: true }, tx);
    if (!canceled) return [];
    await recordReproductionOutcome(runId, tx); // a reproduction canceled while queued: its outcome, once
    return notifyRunOutcome(runId, tx, { canceledBy: canceled.userId }); // cancelRequested: the owner's (cancelRun)
  });
  await publishNotifications(notified, options.publisher);
  return null;
}
