import type { JobsOptions, Queue } from "bullmq";
import { createRedis } from "../redis";
import { loadEnv } from "../env";
import type { QueueOptions } from "bullmq";

/**
 * Options shared by every producer and consumer. QUEUE_PREFIX keeps separate
 * deployments (or test runs) on one Redis from seeing each other's jobs.
 */
export function queueOptions(connection = createRedis()): QueueOptions {
  return { connection, prefix: loadEnv().QUEUE_PREFIX };
}

/**
 * Adds a job, giving up after `timeoutMs`. Producers run inside web requests:
 * with Redis down a request must not hang, and the row written before the job
 * lets a reconciler enqueue it later. Returns whether the job was added.
 */
export async function addWithin<T>(
  queue: Queue<T>,
  name: string,
  data: T,
  options: JobsOptions,
  timeoutMs = 3_000,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (queue as Queue).add(name, data, options),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("enqueue timed out")), timeoutMs))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
