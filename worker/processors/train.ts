import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { getPrisma } from "../../lib/db";
import { loadEnv } from "../../lib/env";
import { ZTrainingPayload, type TTrainingPayload } from "../../lib/queue/training";
import type { TBackendName } from "../tfjs/backend";
import { runInThread } from "../training/run-in-thread";
import { failRun, RunInterrupted, RunUserError } from "../training/train-run";

type TContext = { prefer?: TBackendName; publisher: Redis };

/**
 * The training processor: thin on purpose; the work is in training/train-run.ts,
 * run in a worker thread (training/run-in-thread.ts) so lock renewal never stalls.
 * - user errors (bad data, NaN loss, wall time) fail the run once, no retry;
 * - a shutdown puts the run back in the queue after its current epoch;
 * - anything else is infrastructure: BullMQ retries with backoff, and the run is
 *   marked failed only when the attempts are used up.
 */
export function createTrainProcessor(ctx: TContext) {
  return async function processTrain(job: Job<TTrainingPayload>, token?: string) {
    const { runId } = ZTrainingPayload.parse(job.data);
    const db = getPrisma();
    const run = await db.run.findUnique({ where: { id: runId }, select: { userId: true, status: true } });
    if (!run) return "missing"; // deleted while queued: discard the job
    // Per-user fairness at dequeue: past the running limit, wait a little and let others go first.
    const running = await db.run.count({ where: { userId: run.userId, status: "RUNNING", id: { not: runId } } });
    if (running >= loadEnv().RUN_MAX_RUNNING_PER_USER && token) {
      await job.moveToDelayed(Date.now() + 5_000, token);
      throw new DelayedError();
    }
    try {
      return await runInThread(runId, ctx.prefer);
    } catch (error) {
      if (error instanceof RunUserError) {
        await failRun(runId, error.key);
        await ctx.publisher.publish(`run:${runId}`, JSON.stringify({ type: "status", status: "FAILED", error: error.key })).catch(() => 0);
        throw new UnrecoverableError(error.key);
      }
      if (error instanceof RunInterrupted && token) {
        await db.run.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "QUEUED" } });
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) await failRun(runId, "runErrors.infrastructure");
      else await db.run.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "QUEUED" } });
      throw error;
    }
  };
}
