import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnRedis, stopChild } from "../scripts/lib/services";
import { disconnectRedis } from "./redis";

/**
 * The real /api/health route handler against a real PostgreSQL and a Redis of
 * its own, which the test stops to see the endpoint turn to 503.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

let redis: ChildProcess;
let GET: () => Promise<Response>;

beforeAll(async () => {
  const port = await freePort();
  redis = await spawnRedis(port);
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  ({ GET } = await import("../app/api/health/route"));
});

afterAll(async () => {
  await disconnectRedis();
  await stopChild(redis, "SIGKILL");
});

describe("GET /api/health", () => {
  it("answers 200 when PostgreSQL and Redis are up", async () => {
    const response = await GET();
    const body = (await response.json()) as { ok: boolean; database: { ok: boolean }; redis: { ok: boolean } };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true } });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 naming Redis when Redis is stopped, and recovers", async () => {
    await stopChild(redis, "SIGKILL");
    await expect.poll(async () => (await GET()).status, { timeout: 10_000 }).toBe(503);
    const body = (await (await GET()).json()) as {
      ok: boolean;
      database: { ok: boolean };
      redis: { ok: boolean; error?: string };
    };
    expect(body.ok).toBe(false);
    expect(body.database.ok).toBe(true);
    expect(body.redis.ok).toBe(false);
    expect(body.redis.error).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain("redis://");

    const port = Number(new URL(process.env.REDIS_URL!).port);
    redis = await spawnRedis(port);
    await expect.poll(async () => (await GET()).status, { timeout: 15_000 }).toBe(200);
  });
});
