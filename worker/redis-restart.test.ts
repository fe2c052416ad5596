import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TWorkerProcess } from "./test-helpers";

// A Redis of this file's own (the shared one serves other test files), without
// persistence: a restart loses every queued job, the worst case. The run rows in
// PostgreSQL must still all finish, each exactly once. The database is this file's
// own too: the worker's reconciler (every second, no grace) re-enqueues every
// unfinished run it finds, and must not find other test files' runs.
const original = {
  REDIS_URL: process.env.REDIS_URL,
  QUEUE_PREFIX: process.env.QUEUE_PREFIX,
  DATABASE_URL: process.env.DATABASE_URL,
};
const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/trainyard_test");
  url.pathname = `${url.pathname}_restart_${process.pid}`;
  return url.toString();
})();
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-restart-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), "ty-redis-"));
let port = 0;
let redis: ChildProcess | null = null;
let worker: TWorkerProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });

async function startRedis() {
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net
        .connect(port, "127.0.0.1", () => (socket.end(), resolve(true)))
        .on("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("redis-server did not start");
}

async function stopRedis() {
  const r = redis;
  redis = null;
  if (!r || r.exitCode !== null) return;
  const exited = new Promise((resolve) => r.once("exit", resolve));
  r.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  const { applyMigrations, ensureDatabase } = await import("../lib/migrations");
  await ensureDatabase(databaseUrl);
  await applyMigrations({ connectionString: databaseUrl });
  process.env.DATABASE_URL = databaseUrl;
  port = await freePort();
  await startRedis();
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  process.env.QUEUE_PREFIX = prefix;
});

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  const { closeTrainingQueue } = await import("../lib/queue/training");
  await closeTrainingQueue().catch(() => {});
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
  const { disconnectPrisma } = await import("../lib/db");
  await disconnectPrisma();
  const { dropDatabase } = await import("../lib/migrations");
  await dropDatabase(databaseUrl).catch(() => {});
  Object.assign(process.env, original);
});

describe("Redis restart", () => {
  it("runs queued before Redis restarts empty, and runs submitted while it is down, all finish exactly once", async () => {
    const { getPrisma } = await import("../lib/db");
    const { createConfig } = await import("../lib/configs/mutations");
    const { templateSpec } = await import("../lib/configs/templates");
    const { createSampleDataset } = await import("../lib/factories/datasets");
    const { createUser } = await import("../lib/factories/users");
    const { getTrainingQueue } = await import("../lib/queue/training");
    const { submitRun } = await import("../lib/runs/mutations");

    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner);
    const spec = structuredClone(templateSpec("logisticRegression", 3));
    spec.training.epochs = 3;
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: "Restart", designedForVersionId: version.id },
      spec,
    });
    const submit = () => submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });

    // Two runs queued while Redis is up (no worker yet): their jobs live only in Redis.
    const queued = [await submit(), await submit()];
    expect(await getTrainingQueue().getJobCountByTypes("waiting", "prioritized")).toBe(2);
    // Redis dies; a third submission still creates its run (the enqueue gives up after a few seconds).
    await stopRedis();
    const whileDown = await submit();
    expect(whileDown.status).toBe("QUEUED");
    // Redis comes back empty: the two queued jobs are gone. (The third may arrive late, from the
    // client's offline queue; job ids are run ids, so that can never make a duplicate.)
    await startRedis();
    await expect
      .poll(
        async () =>
          getTrainingQueue()
            .getJobCountByTypes("waiting", "prioritized")
            .catch(() => -1),
        { timeout: 10_000 },
      )
      .toBeOneOf([0, 1]);
    expect(await getTrainingQueue().getJob(queued[0]!.id)).toBeUndefined();

    // A worker whose reconciler runs every second re-enqueues all three; they train once each.
    worker = await startWorker({
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      QUEUE_PREFIX: prefix,
      TFJS_BACKEND: "wasm",
      WORKER_RECONCILE_INTERVAL_MS: "1000",
      RUN_RECONCILE_GRACE_MS: "0",
    });
    const ids = [...queued, whileDown].map((r) => r.id);
    const db = getPrisma();
    await expect
      .poll(async () => (await db.run.findMany({ where: { id: { in: ids } } })).map((r) => r.status), {
        timeout: 60_000,
        interval: 250,
      })
      .toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    const runs = await db.run.findMany({ where: { id: { in: ids } }, include: { epochs: true, scores: true } });
    for (const run of runs) {
      expect(run.attempt).toBe(1);
      expect(run.epochs).toHaveLength(3);
      expect(run.scores.filter((s) => s.metric === "accuracy")).toHaveLength(1);
    }
    // Its polls allow a worker start and three trainings on a loaded machine: more than vitest's default 30 s.
  }, 120_000);
});
