import { Queue } from "bullmq";
import { z } from "zod";
import { addWithin, queueOptions } from "./connection";

/** The payload of a job about one dataset version (profiling, image decoding). */
export const ZVersionJobPayload = z.object({ versionId: z.string().min(1) });
export type TVersionJobPayload = z.infer<typeof ZVersionJobPayload>;

/**
 * A queue of jobs that each work on one dataset version: retried with backoff, one job per version (the job id
 * dedupes re-enqueues by the reconciler), enqueued within a bounded time (addWithin).
 */
export function versionJobQueue(queueName: string, jobName: string) {
  let queue: Queue<TVersionJobPayload> | undefined;
  const get = () =>
    (queue ??= new Queue<TVersionJobPayload>(queueName, {
      ...queueOptions(),
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: "exponential", delay: 5_000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }));
  return {
    get,
    enqueue: (versionId: string, timeoutMs?: number) =>
      addWithin(get(), jobName, { versionId }, { jobId: `${jobName}-${versionId}` }, timeoutMs),
    async close() {
      await queue?.close();
      queue = undefined;
    },
  };
}
