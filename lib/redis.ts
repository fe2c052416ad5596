import { Redis, type RedisOptions } from "ioredis";
import { loadEnv } from "./env";
import { createLogger } from "./logger";

/**
 * `maxRetriesPerRequest: null` is what BullMQ requires for blocking worker
 * connections; we use it everywhere so one option set serves producers too.
 */
export function createRedis(url: string = loadEnv().REDIS_URL, options: RedisOptions = {}) {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

const globalForRedis = globalThis as unknown as { trainyardRedis?: Redis };

/** Shared connection for producers (web). Workers make their own with createRedis(). */
export function getRedis(): Redis {
  if (!globalForRedis.trainyardRedis) {
    const client = createRedis();
    // Without a listener ioredis prints every failed reconnect as "unhandled".
    // Log once per outage; /api/health reports the state to operators.
    const log = createLogger({ service: "redis" });
    let down = false;
    client.on("error", (error: NodeJS.ErrnoException) => {
      if (!down) log.warn("redis connection lost; retrying", { code: error.code ?? error.name });
      down = true;
    });
    client.on("ready", () => {
      if (down) log.info("redis connection restored");
      down = false;
    });
    globalForRedis.trainyardRedis = client;
  }
  return globalForRedis.trainyardRedis;
}

export async function disconnectRedis() {
  const client = globalForRedis.trainyardRedis;
  globalForRedis.trainyardRedis = undefined;
  if (client && client.status !== "end") await client.quit().catch(() => client.disconnect());
}
