import { Queue } from "bullmq";
import { z } from "zod";
import { addWithin, queueOptions } from "./connection";

/** Decodes, resizes and packs the images of a zip too large to decode during its upload (lib/datasets/decode-job.ts). */
export const DECODE_QUEUE = "dataset-decode";
export const ZDecodePayload = z.object({ versionId: z.string().min(1) });
export type TDecodePayload = z.infer<typeof ZDecodePayload>;

let queue: Queue<TDecodePayload> | undefined;

export function getDecodeQueue() {
  queue ??= new Queue<TDecodePayload>(DECODE_QUEUE, {
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
export const enqueueDecode = (versionId: string, timeoutMs?: number) =>
  addWithin(getDecodeQueue(), "decode", { versionId }, { jobId: `decode-${versionId}` }, timeoutMs);

export async function closeDecodeQueue() {
  await queue?.close();
  queue = undefined;
}
