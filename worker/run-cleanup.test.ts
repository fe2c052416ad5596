import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { loadEnv } from "../lib/env";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue } from "../lib/queue/training";
import { cancelRun, submitRun } from "../lib/runs/mutations";
import { logLines, startWorker, type TWorkerProcess } from "./test-helpers";

// A real worker with one warm training thread, which reports its live tensor count after each run (a debug line).
// The thread is long-lived: whatever one run leaves behind (a tensor, the copy of its best weights, a scratch
// directory) stays for every run after it, so each way a run can end must give everything back.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-cleanup-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;
const WALL_SECONDS = 10;

let worker: TWorkerProcess;
let owner: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  owner = await createUser();
  worker = await startWorker({
    QUEUE_PREFIX: prefix,
    TFJS_BACKEND: "wasm",
    LOG_LEVEL: "debug",
    RUN_MAX_WALL_SECONDS: String(WALL_SECONDS),
  });
}, 60_000);
const submitted: string[] = [];
afterAll(async () => {
  for (const runId of submitted) await cancelRun({ actor: owner, runId }).catch(() => {});
  worker?.child.kill("SIGKILL");
  await closeTrainingQueue();
});

/** Early stopping that never stops but keeps a copy of the best weights from the first epoch on. */
const KEEP_BEST = { enabled: true, monitor: "val_loss", patience: 1000, restoreBest: true } as const;

async function submit(sample: "iris" | "mpg", spec: ReturnType<typeof templateSpec>) {
  const { version } = await createSampleDataset(sample, owner);
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: "Cleanup", designedForVersionId: version.id },
    spec,
  });
  const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
  submitted.push(run.id);
  return run;
}

function classifier(epochs: number, batchSize: number) {
  const spec = structuredClone(templateSpec("logisticRegression", 3));
  spec.training = { ...spec.training, epochs, batchSize, earlyStopping: KEEP_BEST };
  return spec;
}

const runRow = (id: string) => getPrisma().run.findUniqueOrThrow({ where: { id } });

/** The thread's tensor count once the run had left it. */
async function tensorsAfter(runId: string): Promise<number> {
  const line = () =>
    logLines(worker.output()).find((l) => l.msg === "training thread ended a run" && l.runId === runId);
  await expect.poll(() => line(), { timeout: 30_000, interval: 100 }).toBeDefined();
  return line()!.tensors as number;
}

async function scratchDirsOf(runId: string) {
  const scratch = path.join(path.resolve(loadEnv().DATA_DIR), "tmp");
  return (await readdir(scratch).catch(() => [])).filter((name) => name.startsWith(`model-${runId}-`));
}

async function ended(runId: string) {
  await expect
    .poll(async () => (await runRow(runId)).status, { timeout: 60_000, interval: 100 })
    .toMatch(/SUCCEEDED|FAILED|CANCELED/);
  return runRow(runId);
}

describe("what a run holds is freed however it ends", () => {
  it("after a success, a cancel, the wall-time limit and a failure, the thread is back at its tensor baseline", async () => {
    // A finished run first: its saved model went through a scratch directory, and its count is the baseline (the
    // backend may keep a few tensors of its own once it has trained).
    const done = await submit("iris", classifier(15, 16));
    expect((await ended(done.id)).status).toBe("SUCCEEDED");
    const baseline = await tensorsAfter(done.id);
    expect(await scratchDirsOf(done.id)).toEqual([]);

    // Canceled mid-run, with the best weights' copy held.
    const canceled = await submit("iris", classifier(500, 4));
    await expect.poll(async () => (await runRow(canceled.id)).epochsDone, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await cancelRun({ actor: owner, runId: canceled.id })).toBe("CANCELING");
    expect((await ended(canceled.id)).status).toBe("CANCELED");
    expect(await tensorsAfter(canceled.id)).toBe(baseline);

    // Stopped by the wall-time limit.
    const limited = await submit("iris", classifier(500, 1));
    expect(await ended(limited.id)).toMatchObject({ status: "FAILED", error: "runErrors.wallTime" });
    expect((await runRow(limited.id)).epochsDone).toBeGreaterThan(0);
    expect(await tensorsAfter(limited.id)).toBe(baseline);

    // Diverging after a finite first epoch (unscaled inputs, a learning rate a little too high): a user error thrown
    // from inside fit, with the model, optimizer, data and best weights all alive.
    const spec = structuredClone(templateSpec("linearRegression", 1));
    spec.preprocessing = { ...spec.preprocessing, numericScaling: "none" };
    spec.training = {
      ...spec.training,
      optimizer: { type: "sgd", learningRate: 1e-6, momentum: 0, nesterov: false },
      epochs: 500,
      earlyStopping: KEEP_BEST,
    };
    const failing = await submit("mpg", spec);
    const failed = await ended(failing.id);
    expect(failed).toMatchObject({ status: "FAILED", error: "runErrors.nanLoss" });
    expect(failed.epochsDone).toBeGreaterThan(0);
    expect(await tensorsAfter(failing.id)).toBe(baseline);

    for (const run of [canceled, limited, failing]) expect(await scratchDirsOf(run.id)).toEqual([]);
  }, 180_000);
});
