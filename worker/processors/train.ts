import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { getPrisma } from "../../lib/db";
import { loadEnv } from "../../lib/env";
import { createLogger } from "../../lib/logger";
import { ZTrainingPayload, type TTrainingPayload } from "../../lib/queue/training";
import type { TBackendName } from "../tfjs/backend";
import { trainingBudgetBytes } from "../../lib/runs/memory";
import { queuedRunBytes, TrainingMemoryBudget } from "../training/budget";
import { runInThread } from "../training/run-in-thread";
import { requeueRun } from "../../lib/runs/transitions";
import { RunInterrupted, RunUserError } from "../training/errors";
import { recordRunFailure } from "../training/finish";

/** `budget`: the process's training memory (default: a new one of `WORKER_MAX_TRAINING_BYTES`). */
type TContext = { prefer?: TBackendName; publisher: Redis; budget?: TrainingMemoryBudget };

/** How long a run that does not fit beside the runs training now waits before it asks again. */
const MEMORY_WAIT_MS = 2_000;
const log = createLogger({ service: "worker", part: "train" });

/**
 * The training processor: thin on purpose; the work is in training/train-run.ts (its steps beside it),
 * run in a worker thread (training/run-in-thread.ts) so lock renewal never stalls.
 * - user errors (bad data, NaN loss, wall time) fail the run once, no retry;
 * - a shutdown puts the run back in the queue after its current batch;
 * - a run that fits the process's training memory alone, but not beside the runs
 *   training now, waits in the queue (it is not failed for arriving second); one that
 *   could never fit goes on and fails with "too large" in the thread, as before;
 * - anything else is infrastructure: BullMQ retries with backoff, and the run is
 *   marked failed only when the attempts are used up.
 */
export function createTrainProcessor(ctx: TContext) {
  const budget = ctx.budget ?? new TrainingMemoryBudget(trainingBudgetBytes(loadEnv().WORKER_MAX_TRAINING_BYTES));
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
    const need = run.status === "QUEUED" || run.status === "RUNNING" ? await queuedRunBytes(runId, db) : null; // else the thread skips it
    const release = need === null || need > budget.totalBytes ? () => {} : budget.tryReserve(need);
    if (!release && token) {
      log.info("run waits for training memory", {
        runId,
        needBytes: need,
        reservedBytes: budget.reservedBytes,
        totalBytes: budget.totalBytes,
      });
      await job.moveToDelayed(Date.now() + MEMORY_WAIT_MS, token);
      throw new DelayedError();
    }
    try {
      return await runInThread(runId, ctx.prefer);
    } catch (error) {
      if (error instanceof RunUserError) {
        await recordRunFailure(runId, error.key, ctx.publisher, error.values);
        throw new UnrecoverableError(error.key);
      }
      if (error instanceof RunInterrupted && token) {
        await requeueRun({ runId }, db);
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) await recordRunFailure(runId, "runErrors.infrastructure");
      else await requeueRun({ runId }, db);
      throw error;
    } finally {
      release?.();
    }
  };
}
