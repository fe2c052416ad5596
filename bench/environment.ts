import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, dropDatabase, ensureDatabase } from "../lib/migrations";
import { resolvePostgres, resolveRedis, withDatabase } from "../scripts/lib/services";

/**
 * A throwaway platform for a benchmark: PostgreSQL and Redis found or started as
 * for `npm test`, a fresh migrated database, its own storage directory and queue
 * prefix, set in process.env before any lib/ module reads it. `dispose` undoes it all.
 */
export async function benchEnvironment(extra: Record<string, string> = {}) {
  const pg = await resolvePostgres(() => {});
  const redis = await resolveRedis(() => {});
  const databaseUrl = withDatabase(pg.serverUrl, `trainyard_bench_${randomBytes(3).toString("hex")}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trainyard-bench-"));
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `ty-bench-${randomBytes(3).toString("hex")}`,
    ...extra,
  });
  await ensureDatabase(databaseUrl);
  await applyMigrations({ connectionString: databaseUrl });
  return {
    async dispose() {
      const { disconnectPrisma } = await import("../lib/db");
      await disconnectPrisma();
      if (process.env.BENCH_KEEP_DB) console.log(`  kept database: ${databaseUrl}`);
      else await dropDatabase(databaseUrl).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
      await pg.started?.stop();
      await redis.started?.stop();
    },
  };
}

/**
 * The production app (`next start`) on this benchmark's database and Redis, built
 * first if there is no build. Returns its origin and a stop function.
 */
export async function startApp(port: number) {
  const { spawn } = await import("node:child_process");
  const { existsSync } = await import("node:fs");
  if (!existsSync(".next/BUILD_ID")) {
    console.log("  building the app (next build)…");
    await new Promise<void>((resolve, reject) =>
      spawn("npx", ["next", "build"], { stdio: "ignore", env: process.env }).on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`next build exited ${c}`)))),
    );
  }
  const server = spawn("npx", ["next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true, // its own process group, so stop() ends npx and the server it starts
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${origin}/api/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    origin,
    stop() {
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
