import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, dropDatabase, ensureDatabase } from "../lib/migrations";
import { resolvePostgres, resolveRedis, withDatabase } from "../scripts/lib/services";

/**
 * A throwaway platform for a benchmark: PostgreSQL and Redis found or started as
 * for `npm test`, a fresh migrated database (or `database`, an earlier run's, migrated
 * and kept), its own storage directory and queue prefix, set in process.env before
 * any lib/ module reads it. `dispose` undoes it all.
 */
export async function benchEnvironment(extra: Record<string, string> = {}, { database }: { database?: string } = {}) {
  const pg = await resolvePostgres(() => {});
  const redis = await resolveRedis(() => {});
  const databaseUrl = withDatabase(pg.serverUrl, database ?? `trainyard_bench_${randomBytes(3).toString("hex")}`);
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
      if (process.env.BENCH_KEEP_DB || database) console.log(`  kept database: ${databaseUrl}`);
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
      spawn("npx", ["next", "build"], { stdio: "ignore", env: process.env }).on("exit", (c) =>
        c === 0 ? resolve() : reject(new Error(`next build exited ${c}`)),
      ),
    );
  }
  const origin = `http://127.0.0.1:${port}`;
  // A server left over from an interrupted run would answer for another database.
  if (
    await fetch(`${origin}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already in use (set BENCH_PORT)`);
  const server = spawn("npx", ["next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true, // its own process group, so stop() ends npx and the server it starts
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${origin}/api/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
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

/** The 95th percentile of a sample (nearest rank). */
export const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))]!;

/** This process's peak resident memory so far, in MB. */
/** p95 of `n` timed calls of `fn`, after five untimed ones that warm caches and plans. */
export async function p95Time(n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return p95(out);
}

export const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/**
 * A user, the iris sample and a logistic-regression config of `epochs` epochs
 * designed for it, through the real create paths. Call after benchEnvironment().
 */
export async function irisLogisticConfig(title: string, epochs: number) {
  const { createUser } = await import("../lib/factories/users");
  const { createSampleDataset } = await import("../lib/factories/datasets");
  const { createConfig } = await import("../lib/configs/mutations");
  const { templateSpec } = await import("../lib/configs/templates");
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const spec = structuredClone(templateSpec("logisticRegression", 3));
  spec.training.epochs = epochs;
  spec.training.earlyStopping = { enabled: false };
  const { revision } = await createConfig({ actor: owner, meta: { title, designedForVersionId: version.id }, spec });
  return { owner, version, revision };
}

/**
 * A training worker inside the benchmark process, as worker/main.ts makes one: a warm
 * training thread on wasm and a BullMQ consumer of the training queue. Call after benchEnvironment().
 */
export async function inProcessTrainer() {
  const { Worker } = await import("bullmq");
  const { queueOptions } = await import("../lib/queue/connection");
  const { createRedis } = await import("../lib/redis");
  const { TRAINING_QUEUE, closeTrainingQueue } = await import("../lib/queue/training");
  const { createTrainProcessor } = await import("../worker/processors/train");
  const { warmTrainingThread, stopTrainingThread } = await import("../worker/training/run-in-thread");
  const publisher = createRedis();
  await warmTrainingThread("wasm"); // an idle worker has a warm thread
  const worker = new Worker(TRAINING_QUEUE, createTrainProcessor({ prefer: "wasm", publisher }), {
    ...queueOptions(),
    concurrency: 1,
  });
  await worker.waitUntilReady();
  return {
    async stop() {
      await worker.close();
      await stopTrainingThread();
      await publisher.quit();
      await closeTrainingQueue();
    },
  };
}
