import { Queue } from "bullmq";
import { z } from "zod";
import { addWithin, queueOptions } from "./connection";

/** One job per run; the job id is the run id, so a run can never be queued twice. */
export const TRAINING_QUEUE = "training";
export const ZTrainingPayload = z.object({ runId: z.string().min(1) });
export type TTrainingPayload = z.infer<typeof ZTrainingPayload>;

let queue: Queue<TTrainingPayload> | undefined;

export function getTrainingQueue() {
  queue ??= new Queue<TTrainingPayload>(TRAINING_QUEUE, {
    ...queueOptions(),
    defaultJobOptions: {
      // Infrastructure failures (worker lost, Redis blip) retry with backoff; user errors are UnrecoverableError.
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
  return queue;
}

/**
 * Fair share at admission: a user's n-th waiting run gets priority n, so one
 * user's long queue never holds back another user's first run (BullMQ runs
 * lower priority numbers first; open-source BullMQ has no per-user groups).
 */
export const enqueueRun = (runId: string, userQueuedAhead: number, timeoutMs?: number) =>
  addWithin(
    getTrainingQueue(),
    "train",
    { runId },
    { jobId: runId, priority: Math.min(2_000_000, 1 + userQueuedAhead) },
    timeoutMs,
  );

export async function closeTrainingQueue() {
  await queue?.close();
  queue = undefined;
}

export const runChannel = (runId: string) => `run:${runId}`;
