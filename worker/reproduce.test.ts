import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSessionUser } from "../lib/auth/session";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { getPrisma } from "../lib/db";
import { reproduceRun } from "../lib/discussions/reproduce";
import { REPRODUCTION_TOLERANCE } from "../lib/discussions/reproduction-outcome";
import { createSampleDataset } from "../lib/factories/datasets";
import { createPoster, createThreadFrom } from "../lib/factories/discussions";
import { closeTrainingQueue } from "../lib/queue/training";
import { submitRun } from "../lib/runs/mutations";
import { startWorker, type TWorkerProcess } from "./test-helpers";

/*
 * "Reproduce this" end to end with a real worker process: the original run and its reproduction are trained by it,
 * and the outcome event comes from the worker's own final-status writes (worker/training/train-run.ts), once.
 */

const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-reproduce-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

let worker: TWorkerProcess;
beforeAll(async () => {
  // No reconciler pass after start-up: its sweep would post a missed outcome too, and the hooks are under test here.
  worker = await startWorker({ QUEUE_PREFIX: prefix, TFJS_BACKEND: "wasm", WORKER_RECONCILE_INTERVAL_MS: "3600000" });
}, 60_000);
afterAll(async () => {
  worker.child.kill("SIGTERM");
  await worker.exited;
  await closeTrainingQueue();
});

async function finished(runId: string) {
  await expect
    .poll(async () => (await getPrisma().run.findUniqueOrThrow({ where: { id: runId } })).status, {
      timeout: 90_000,
      interval: 250,
    })
    .toMatch(/SUCCEEDED|FAILED|CANCELED/);
  return getPrisma().run.findUniqueOrThrow({ where: { id: runId } });
}

/** The thread's outcome events (all but "reproductionQueued"), once the worker has posted one. */
async function outcomes(threadId: string) {
  const read = async () =>
    (
      await getPrisma().post.findMany({
        where: { threadId, kind: "SYSTEM" },
        orderBy: { createdAt: "asc" },
        select: { event: true },
      })
    )
      .map((p) => p.event as { type: string; values: Record<string, unknown> })
      .filter((e) => e.type !== "reproductionQueued");
  await expect.poll(async () => (await read()).length, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
  return read();
}

/** `owner`'s run of `template` on a sample dataset, trained by the worker, and a question about it. */
async function askAbout(owner: TSessionUser, sample: "iris" | "mpg", spec: ReturnType<typeof templateSpec>) {
  const { version } = await createSampleDataset(sample, owner);
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Reproduce ${sample}`, designedForVersionId: version.id },
    spec,
  });
  const original = await finished(
    (await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id })).id,
  );
  const thread = await createThreadFrom(owner, { kind: "QUESTION", runId: original.id });
  return { original, thread };
}

describe("reproducing a run with the real worker", () => {
  it("trains the reproduction with a new seed and posts one 'reproduced' event from the public test half", async () => {
    const [owner, reader] = [await createPoster(), await createPoster()];
    const spec = structuredClone(templateSpec("logisticRegression", 3));
    spec.training.epochs = 15;
    spec.training.batchSize = 16;
    spec.training.earlyStopping = { enabled: false };
    const { original, thread } = await askAbout(owner, "iris", spec);
    expect(original.status, original.error ?? "").toBe("SUCCEEDED");

    const { runId, seed } = await reproduceRun({ actor: reader, threadId: thread.id });
    const run = await finished(runId);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.userId).toBe(reader.id);
    expect(seed).not.toBe(original.seed);

    const events = await outcomes(thread.id);
    type TMetrics = { testPublic: { accuracy: number }; testPrivate: { accuracy: number } };
    const [before, after] = [(original.metrics as TMetrics).testPublic, (run.metrics as TMetrics).testPublic];
    expect(events).toEqual([
      {
        type: "reproduced",
        values: {
          runId,
          originalRunId: original.id,
          metric: "accuracy",
          before: before.accuracy,
          after: after.accuracy,
          tolerance: REPRODUCTION_TOLERANCE.absolute,
          within: Math.abs(after.accuracy - before.accuracy) <= REPRODUCTION_TOLERANCE.absolute + 1e-9,
          compared: true,
        },
      },
    ]);
    const reproduction = await getPrisma().reproduction.findUniqueOrThrow({ where: { runId } });
    expect(reproduction.outcome).toBe(events[0]!.values.within ? "REPRODUCED" : "NOT_REPRODUCED");
  }, 180_000);

  it("posts one 'reproductionFailed' event when the reproduction fails as the original did", async () => {
    const [owner, reader] = [await createPoster(), await createPoster()];
    // Diverges whatever the seed (worker/training.test.ts): the run fails with runErrors.nanLoss, no retry.
    const spec = structuredClone(templateSpec("linearRegression", 1));
    spec.training.optimizer = { type: "sgd", learningRate: 10 };
    spec.training.epochs = 30;
    spec.preprocessing = { ...spec.preprocessing, numericScaling: "none" };
    const { original, thread } = await askAbout(owner, "mpg", spec);
    expect(original.error).toBe("runErrors.nanLoss");

    const { runId } = await reproduceRun({ actor: reader, threadId: thread.id });
    expect((await finished(runId)).status).toBe("FAILED");
    expect(await outcomes(thread.id)).toEqual([
      {
        type: "reproductionFailed",
        values: { runId, originalRunId: original.id, error: "runErrors.nanLoss", sameError: true },
      },
    ]);
  }, 180_000);
});
