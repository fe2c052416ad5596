import type { QueueOptions } from "bullmq";
import { createRedis } from "../redis";
import { loadEnv } from "../env";

/**
 * Options shared by every producer and consumer. QUEUE_PREFIX keeps separate
 * deployments (or test runs) on one Redis from seeing each other's jobs.
 */
export function queueOptions(connection = createRedis()): QueueOptions {
  return { connection, prefix: loadEnv().QUEUE_PREFIX };
}
