import { getPrisma, type TPrisma } from "../db";
import { enqueueRun, getTrainingQueue } from "../queue/training";
import { settleReproductions } from "../discussions/reproduction-outcome";
import { competitionNotifications } from "../notifications/competitions";
import { publishNotifications } from "../notifications/notify";
import { notifyRunOutcome } from "../notifications/runs";
import { failRun } from "./transitions";

/**
 * Keeps runs and jobs from diverging: a QUEUED or RUNNING run without a live job
 * (Redis was down at submit, Redis lost its data, a job failed after its worker died)
 * is re-enqueued or, if its job gave up, marked failed. Job ids are run ids, so
 * this never creates a duplicate. Last, the outcomes of reproductions whose runs finished here (or before a crash
 * kept their outcome from being posted) go into their threads, and competitions that started, ended or revealed their
 * private board since the last sweep are announced (lib/notifications/competitions.ts).
 */
export async function reconcileRuns(olderThanMs = 30_000, db: TPrisma = getPrisma()) {
  const runs = await db.run.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] }, queuedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true, userId: true },
    take: 500,
  });
  const queue = getTrainingQueue();
  let enqueued = 0;
  let failed = 0;
  for (const run of runs) {
    const job = await queue.getJob(run.id);
    const state = job ? await job.getState() : "missing";
    if (state === "missing" || state === "unknown") {
      if (await enqueueRun(run.id, 0)) enqueued++;
    } else if (state === "failed" || state === "completed") {
      const notified = await db.$transaction(async (tx) => {
        if (!(await failRun({ runId: run.id, error: "runErrors.infrastructure" }, tx))) return [];
        failed++;
        return notifyRunOutcome(run.id, tx); // the owner hears of it, once
      });
      await publishNotifications(notified);
    }
  }
  return {
    enqueued,
    failed,
    reproductions: await settleReproductions(db),
    competitionNotices: await competitionNotifications(new Date(), db),
  };
}
