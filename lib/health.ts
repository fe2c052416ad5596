import type { Redis } from "ioredis";
import { getPrisma, type TPrisma } from "./db";
import { getRedis } from "./redis";

export type TServiceHealth = { ok: boolean; latencyMs: number; error?: string };
export type THealth = { ok: boolean; database: TServiceHealth; redis: TServiceHealth; checkedAt: string };

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<TServiceHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the error class/code goes out: connection strings never leave the server.
    const e = error as { code?: string; name?: string; message?: string };
    const reason = e.code ?? (e.message?.startsWith("no answer") ? e.message : e.name) ?? "error";
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: reason };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A first connection may still be opening: wait for it (the probe's timeout
 * bounds this). A connection that was lost fails at once instead of queueing
 * the PING behind ioredis's reconnect loop.
 */
async function redisReady(redis: Redis) {
  const status = redis.status;
  if (status === "ready") return;
  if (status === "wait") await redis.connect();
  else if (status === "connecting" || status === "connect") {
    await new Promise<void>((resolve, reject) => {
      redis.once("ready", resolve);
      redis.once("error", reject);
    });
  } else throw Object.assign(new Error("not connected"), { code: `REDIS_${status.toUpperCase()}` });
}

export async function checkHealth(
  deps: { prisma: TPrisma; redis: Redis } = { prisma: getPrisma(), redis: getRedis() },
): Promise<THealth> {
  const [database, redis] = await Promise.all([
    probe(() => deps.prisma.$queryRaw`SELECT 1`),
    probe(async () => {
      await redisReady(deps.redis);
      const pong = await deps.redis.ping();
      if (pong !== "PONG") throw new Error(`unexpected reply ${pong}`);
    }),
  ]);
  return { ok: database.ok && redis.ok, database, redis, checkedAt: new Date().toISOString() };
}
