import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { datasetShapeInfo } from "../lib/configs/dataset-info";
import { createConfig } from "../lib/configs/mutations";
import { ZConfigSpec } from "../lib/configs/spec";
import { templateSpec } from "../lib/configs/templates";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue } from "../lib/queue/training";
import { estimateRunBytes } from "../lib/runs/memory";
import { cancelRun, submitRun } from "../lib/runs/mutations";
import { TrainingMemoryBudget } from "./training/budget";
import { logLines, startWorker, type TWorkerProcess } from "./test-helpers";

// Issue 12 item 10: the training-memory limit was checked per run while a process trains several runs
// at once. A real worker with two training slots and a budget that holds either of two small runs, but
// not both; and a third model that could never fit.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-budget-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

type TPrepared = Awaited<ReturnType<typeof prepare>>;
async function prepare(template: "logisticRegression" | "mlp", epochs: number, batchSize: number) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const spec = structuredClone(templateSpec(template, 3));
  spec.training.epochs = epochs;
  spec.training.batchSize = batchSize;
  spec.training.earlyStopping = { enabled: false };
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Budget ${template}`, designedForVersionId: version.id },
    spec,
  });
  const dataset = (await datasetShapeInfo(version.id, owner))!;
  const splits = new Uint8Array(
    (await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: version.id } })).splitAssignments,
  );
  const bytes = estimateRunBytes(ZConfigSpec.parse(revision.spec), dataset, splits)!;
  return { owner, versionId: version.id, revisionId: revision.id, bytes };
}
async function submit(p: TPrepared) {
  const run = await submitRun({ actor: p.owner, configRevisionId: p.revisionId, datasetVersionId: p.versionId });
  submitted.push({ runId: run.id, actor: p.owner });
  return run;
}
const runRow = (id: string) => getPrisma().run.findUniqueOrThrow({ where: { id } });
const status = async (id: string) => (await runRow(id)).status;

let worker: TWorkerProcess;
let long: TPrepared, short: TPrepared, huge: TPrepared, budget: number;
beforeAll(async () => {
  [long, short, huge] = [
    await prepare("logisticRegression", 500, 1),
    await prepare("logisticRegression", 3, 8),
    await prepare("mlp", 3, 8),
  ];
  budget = long.bytes + short.bytes - 1;
  worker = await startWorker({
    QUEUE_PREFIX: prefix,
    TFJS_BACKEND: "wasm",
    WORKER_MAX_TRAINING_BYTES: String(budget),
    WORKER_TRAINING_CONCURRENCY: "2",
  });
}, 60_000);
const submitted: { runId: string; actor: TPrepared["owner"] }[] = [];
afterAll(async () => {
  for (const { runId, actor } of submitted) await cancelRun({ actor, runId }).catch(() => {}); // never left for another file's worker
  worker?.child.kill("SIGKILL");
  await closeTrainingQueue();
});

describe("training memory budget shared by a process's concurrent runs", () => {
  it("makes a run that fits alone wait until the running one ends, fails one that never fits at once", async () => {
    expect(Math.max(long.bytes, short.bytes)).toBeLessThanOrEqual(budget); // each fits alone...
    expect(huge.bytes).toBeGreaterThan(budget); // ...this one never does
    expect(logLines(worker.output()).find((l) => l.msg === "worker ready")).toMatchObject({
      trainingConcurrency: 2,
      trainingBudgetBytes: budget,
    });

    const first = await submit(long);
    await expect.poll(() => status(first.id), { timeout: 20_000, interval: 50 }).toBe("RUNNING");
    const second = await submit(short);
    // A free training slot, but not enough memory beside the first run: the second waits in the queue.
    const waited = () =>
      logLines(worker.output()).some((l) => l.msg === "run waits for training memory" && l.runId === second.id);
    await expect.poll(waited, { timeout: 20_000, interval: 50 }).toBe(true);
    expect(await runRow(second.id)).toMatchObject({ status: "QUEUED", attempt: 0, error: null });

    // Too large even alone: failed at once as before, not left waiting for memory that will never be enough.
    const third = await submit(huge);
    await expect.poll(() => status(third.id), { timeout: 20_000, interval: 50 }).toBe("FAILED");
    expect(await runRow(third.id)).toMatchObject({ error: "runErrors.outOfMemory", attempt: 1, epochsDone: 0 });
    expect(await status(first.id)).toBe("RUNNING");
    expect(await status(second.id)).toBe("QUEUED");

    // When the first run ends, the second gets the memory and trains.
    await cancelRun({ actor: long.owner, runId: first.id });
    await expect.poll(() => status(first.id), { timeout: 20_000, interval: 50 }).toBe("CANCELED");
    await expect.poll(() => status(second.id), { timeout: 30_000, interval: 100 }).toBe("SUCCEEDED");
    const [a, b] = [await runRow(first.id), await runRow(second.id)];
    expect(b.startedAt!.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime());
    expect(b.attempt).toBe(1);
    // The stored shape others rely on (the app hides testPrivate from non-owners): the two halves in separate keys.
    expect(b.metrics).toMatchObject({
      testPublic: { n: expect.any(Number) },
      testPrivate: { n: expect.any(Number) },
      validation: { n: expect.any(Number) },
    });
  }, 90_000);
});

describe("TrainingMemoryBudget", () => {
  it("reserves while the total fits, and each release gives back its bytes once", () => {
    const b = new TrainingMemoryBudget(100);
    const r1 = b.tryReserve(60)!;
    expect(r1).toBeTypeOf("function");
    expect(b.tryReserve(41)).toBeNull();
    const r2 = b.tryReserve(40)!;
    expect(b.reservedBytes).toBe(100);
    r1();
    r1(); // idempotent: a double release must not free someone else's reservation
    expect(b.reservedBytes).toBe(40);
    expect(b.tryReserve(61)).toBeNull();
    expect(b.tryReserve(60)).not.toBeNull();
    r2();
    expect(b.reservedBytes).toBe(60);
  });
});
