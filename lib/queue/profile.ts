import { Queue } from "bullmq";
import { z } from "zod";
import { queueOptions } from "./connection";

/** Computes the full profile of a dataset version that was too large to profile during upload. */
export const PROFILE_QUEUE = "dataset-profile";
export const ZProfilePayload = z.object({ versionId: z.string().min(1) });
export type TProfilePayload = z.infer<typeof ZProfilePayload>;

let queue: Queue<TProfilePayload> | undefined;

export function getProfileQueue() {
  queue ??= new Queue<TProfilePayload>(PROFILE_QUEUE, {
    ...queueOptions(),
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  return queue;
}

/**
 * One job per version (the job id dedupes re-enqueues by the reconciler).
 * Bounded in time: with Redis down the upload still succeeds, the version stays
 * PENDING, and the worker's reconciler enqueues it once Redis is back.
 */
export async function enqueueProfile(versionId: string, timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getProfileQueue().add("profile", { versionId }, { jobId: `profile-${versionId}` }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("enqueue timed out")), timeoutMs))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeProfileQueue() {
  await queue?.close();
  queue = undefined;
}
