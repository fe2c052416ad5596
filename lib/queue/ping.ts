import { Queue } from "bullmq";
import { z } from "zod";
import { queueOptions } from "./connection";

/**
 * The `ping` job: a round trip through Redis and the worker, used by the health
 * of the pipeline and by tests. `delayMs` simulates work (max 30 s).
 */
export const PING_QUEUE = "ping";

export const ZPingPayload = z.object({
  message: z.string().max(200).default("ping"),
  delayMs: z.number().int().min(0).max(30_000).default(0),
});
export type TPingPayload = z.input<typeof ZPingPayload>;
export type TPingResult = { reply: string; workerPid: number; backend: string | null; receivedAt: string };

export function createPingQueue(options = queueOptions()) {
  return new Queue<TPingPayload, TPingResult>(PING_QUEUE, {
    ...options,
    defaultJobOptions: { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600 } },
  });
}
