import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue, getTrainingQueue } from "../lib/queue/training";
import { submitRun } from "../lib/runs/mutations";
import { logLines, startWorker, type TWorkerProcess } from "./test-helpers";
import { trainingSlots } from "./training/run-in-thread";

// A worker with two training slots, a 10 s wall-time limit and a 20 kB training-memory
// budget: a logistic regression fits (~3 kB) but trains too long; a 64-32 MLP (~48 kB) does not fit.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-limits-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;
let worker: TWorkerProcess;
beforeAll(async () => {
  worker = await startWorker({
    QUEUE_PREFIX: prefix,
    TFJS_BACKEND: "wasm",
    RUN_MAX_WALL_SECONDS: "10",
    WORKER_MAX_TRAINING_BYTES: "20000",
    WORKER_TRAINING_CONCURRENCY: "2",
  });
});
afterAll(async () => {
  worker?.child.kill("SIGKILL");
  await closeTrainingQueue();
});

async function submit(template: "logisticRegression" | "mlp", epochs: number, batchSize: number) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const spec = structuredClone(templateSpec(template, 3));
  spec.training.epochs = epochs;
  spec.training.batchSize = batchSize;
  spec.training.earlyStopping = { enabled: false };
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Limits ${template}`, designedForVersionId: version.id },
    spec,
  });
  return submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
}

const finished = async (id: string) => {
  await expect
    .poll(async () => (await getPrisma().run.findUniqueOrThrow({ where: { id } })).status, {
      timeout: 60_000,
      interval: 250,
    })
    .toMatch(/SUCCEEDED|FAILED|CANCELED/);
  return getPrisma().run.findUniqueOrThrow({ where: { id }, include: { epochs: true } });
};

describe("run limits", () => {
  it("trains as many runs at once as it has training slots", async () => {
    const runs = await Promise.all([submit("logisticRegression", 30, 8), submit("logisticRegression", 30, 8)]);
    const statuses = () =>
      Promise.all(runs.map(async (r) => (await getPrisma().run.findUniqueOrThrow({ where: { id: r.id } })).status));
    await expect.poll(statuses, { timeout: 30_000, interval: 50 }).toEqual(["RUNNING", "RUNNING"]);
    for (const r of runs) expect((await finished(r.id)).status).toBe("SUCCEEDED");
    expect(logLines(worker.output()).find((l) => l.msg === "worker ready")).toMatchObject({ trainingConcurrency: 2 });
  });

  it("fails a model too large for the worker's memory at once, with a message and no retry", async () => {
    const run = await submit("mlp", 5, 4);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: "FAILED", error: "runErrors.outOfMemory", attempt: 1, epochsDone: 0 });
    // The run's row is failed inside the processor; BullMQ moves the job to failed just after it returns.
    await expect.poll(() => getTrainingQueue().getJobState(run.id), { timeout: 10_000, interval: 100 }).toBe("failed");
    const job = await getTrainingQueue().getJob(run.id);
    expect(job?.attemptsMade).toBe(1); // UnrecoverableError: not retried
  });

  it("stops a run at the wall-time limit and fails it with a message, no retry", async () => {
    const run = await submit("logisticRegression", 500, 1);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: "FAILED", error: "runErrors.wallTime", attempt: 1 });
    expect(done.epochsDone).toBeGreaterThan(0);
    expect(done.epochsDone).toBeLessThan(500);
    expect(done.finishedAt!.getTime() - done.startedAt!.getTime()).toBeLessThan(30_000);
  });
});

describe("training slots", () => {
  it("are one per core for the single-core backends and one for a GPU or native TensorFlow", () => {
    expect(trainingSlots("wasm", 8)).toBe(8);
    expect(trainingSlots("cpu", 2)).toBe(2);
    expect(trainingSlots("tensorflow-gpu", 8)).toBe(1);
    expect(trainingSlots("tensorflow", 8)).toBe(1);
  });
});
