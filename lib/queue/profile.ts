import { Queue } from "bullmq";
import { z } from "zod";
import { addWithin, queueOptions } from "./connection";

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

/** One job per version (the job id dedupes re-enqueues by the reconciler); bounded in time, see addWithin. */
export const enqueueProfile = (versionId: string, timeoutMs?: number) =>
  addWithin(getProfileQueue(), "profile", { versionId }, { jobId: `profile-${versionId}` }, timeoutMs);

export async function closeProfileQueue() {
  await queue?.close();
  queue = undefined;
}
