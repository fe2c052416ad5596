import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue, getTrainingQueue } from "../lib/queue/training";
import { cancelRun, submitRun } from "../lib/runs/mutations";
import { startWorker, type TWorkerProcess } from "./test-helpers";

// Faults with real worker processes: short locks so a killed worker's job is
// detected as stalled within seconds instead of the production minute.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-faults-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;
const WORKER_ENV = {
  QUEUE_PREFIX: prefix,
  TFJS_BACKEND: "wasm",
  WORKER_LOCK_MS: "3000",
  WORKER_STALLED_INTERVAL_MS: "1500",
};

const workers: TWorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  await closeTrainingQueue();
});

async function irisConfig(epochs: number) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const spec = structuredClone(templateSpec("mlp", 3));
  spec.training.epochs = epochs;
  spec.training.batchSize = 4;
  spec.training.earlyStopping = { enabled: false };
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Faults ${epochs}`, designedForVersionId: version.id },
    spec,
  });
  return { owner, version, revision };
}

const runRow = (id: string) => getPrisma().run.findUniqueOrThrow({ where: { id }, include: { epochs: true } });

describe("training faults", () => {
  it("discards the job of a run deleted while queued (its dataset version was deleted)", async () => {
    const { owner, version, revision } = await irisConfig(3);
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    await getPrisma().datasetVersion.delete({ where: { id: version.id } }); // cascades to the run
    const worker = await startWorker(WORKER_ENV);
    workers.push(worker);
    const job = await getTrainingQueue().getJob(run.id);
    await expect.poll(async () => await job!.getState(), { timeout: 20_000 }).toBe("completed");
    expect((await getTrainingQueue().getJob(run.id))!.returnvalue).toBe("missing");
  });

  it("a worker killed mid-run is detected as stalled and another finishes the run exactly once", async () => {
    const { owner, version, revision } = await irisConfig(120);
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    const first = workers[0]!;
    await expect
      .poll(async () => (await runRow(run.id)).epochsDone, { timeout: 30_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);
    first.child.kill("SIGKILL");
    await first.exited;
    const second = await startWorker(WORKER_ENV);
    workers.push(second);
    await expect.poll(async () => (await runRow(run.id)).status, { timeout: 120_000, interval: 250 }).toBe("SUCCEEDED");
    const done = await runRow(run.id);
    expect(done.attempt).toBe(2);
    expect(done.epochs.map((e) => e.epoch).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(done.metrics).not.toBeNull();
  }, 150_000);

  it("cancel during training stops the run after its current batch", async () => {
    const { owner, version, revision } = await irisConfig(400);
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    await expect
      .poll(async () => (await runRow(run.id)).epochsDone, { timeout: 30_000, interval: 100 })
      .toBeGreaterThanOrEqual(2);
    expect(await cancelRun({ actor: owner, runId: run.id })).toBe("CANCELING");
    await expect.poll(async () => (await runRow(run.id)).status, { timeout: 30_000, interval: 100 }).toBe("CANCELED");
    const canceled = await runRow(run.id);
    expect(canceled.epochsDone).toBeLessThan(400);
    expect(canceled.metrics).toBeNull();
  });

  it("SIGTERM finishes the current batch, puts the run back in the queue, and the next worker completes it", async () => {
    const { owner, version, revision } = await irisConfig(150);
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    const current = workers.at(-1)!;
    await expect
      .poll(async () => (await runRow(run.id)).epochsDone, { timeout: 30_000, interval: 100 })
      .toBeGreaterThanOrEqual(2);
    current.child.kill("SIGTERM");
    expect(await current.exited).toBe(0);
    expect((await runRow(run.id)).status).toBe("QUEUED");
    workers.push(await startWorker(WORKER_ENV));
    await expect.poll(async () => (await runRow(run.id)).status, { timeout: 120_000, interval: 250 }).toBe("SUCCEEDED");
  }, 150_000);
});
