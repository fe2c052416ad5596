import type { Job } from "bullmq";
import { setTimeout as sleep } from "node:timers/promises";
import { ZPingPayload, type TPingPayload, type TPingResult } from "../../lib/queue/ping";

export function createPingProcessor(context: { backend: () => string | null }) {
  return async function processPing(job: Job<TPingPayload, TPingResult>): Promise<TPingResult> {
    const payload = ZPingPayload.parse(job.data);
    if (payload.delayMs) await sleep(payload.delayMs);
    return {
      reply: `pong: ${payload.message}`,
      workerPid: process.pid,
      backend: context.backend(),
      receivedAt: new Date().toISOString(),
    };
  };
}
