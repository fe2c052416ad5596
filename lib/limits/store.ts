import { once } from "node:events";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { loadEnv, type TRate } from "../env";
import { getRedis } from "../redis";

export type TLimiterOptions = { client?: Redis; prefix?: string };

/**
 * One counter per limit in Redis, shared by every web process, insured by an in-process counter: while Redis is
 * unreachable each process limits on its own, instead of waiting on a queued command (getRedis() retries forever)
 * or letting everything through. Keys live under QUEUE_PREFIX like every other key of this deployment.
 */
export function createLimiter(
  name: string,
  { points, seconds }: TRate,
  { client = getRedis(), prefix }: TLimiterOptions = {},
) {
  return new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix ?? loadEnv().QUEUE_PREFIX}:rl:${name}`,
    points,
    duration: seconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `rl:${name}`, points, duration: seconds }),
  });
}

const firstWaits = new WeakMap<Redis, Promise<void>>();

/**
 * A freshly made connection is not "ready" for a few milliseconds, and rejectIfRedisNotReady would send those first
 * requests to the in-process counter: wait for the first connection once (briefly), never for a reconnection.
 */
export function firstConnection(client: Redis = getRedis(), timeoutMs = 2000): Promise<void> {
  let wait = firstWaits.get(client);
  if (!wait) {
    wait =
      client.status === "ready"
        ? Promise.resolve()
        : once(client, "ready", { signal: AbortSignal.timeout(timeoutMs) }).then(
            () => undefined,
            () => undefined,
          );
    firstWaits.set(client, wait);
  }
  return wait;
}
