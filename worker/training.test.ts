import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { createDatasetFrom, createSampleDataset, imageZip } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue } from "../lib/queue/training";
import { submitRun } from "../lib/runs/mutations";
import { getBlobStore } from "../lib/storage";
import { startWorker, type TWorkerProcess } from "./test-helpers";

const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-train-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

let worker: TWorkerProcess;
beforeAll(async () => {
  worker = await startWorker({ QUEUE_PREFIX: prefix, TFJS_BACKEND: "wasm" });
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
  return getPrisma().run.findUniqueOrThrow({
    where: { id: runId },
    include: { epochs: { orderBy: { epoch: "asc" } } },
  });
}

describe("training worker", () => {
  it("trains logistic regression on iris, evaluates on both test halves, stores the model; the same seed gives the same metrics", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner);
    const spec = structuredClone(templateSpec("logisticRegression", 3));
    spec.training.epochs = 15;
    spec.training.batchSize = 16;
    spec.training.earlyStopping = { enabled: false };
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: "LogReg iris", designedForVersionId: version.id },
      spec,
    });

    const first = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    const run = await finished(first.id);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.backend).toBe("wasm");
    expect(run.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(run.epochs.at(-1)!.trainLoss).toBeLessThan(run.epochs[0]!.trainLoss);
    const metrics = run.metrics as {
      testPublic: { accuracy: number; confusion: number[][]; n: number };
      testPrivate: { accuracy: number; n: number };
    };
    expect(metrics.testPublic.n + metrics.testPrivate.n).toBe(21);
    expect(metrics.testPublic.accuracy).toBeGreaterThan(0.6);
    expect(metrics.testPublic.confusion.flat().reduce((a, b) => a + b, 0)).toBe(metrics.testPublic.n);

    const artifacts = run.artifacts as { modelJson: string; weights: string; totalParams: number };
    expect(artifacts.totalParams).toBe(4 * 3 + 3);
    const chunks: Buffer[] = [];
    for await (const c of getBlobStore().read(artifacts.modelJson)) chunks.push(c as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({
      format: "layers-model",
      weightsManifest: [{ paths: ["weights.bin"] }],
    });

    const second = await finished(
      (await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id })).id,
    );
    const m2 = second.metrics as typeof metrics;
    expect(second.epochs.at(-1)!.trainLoss).toBeCloseTo(run.epochs.at(-1)!.trainLoss, 4);
    expect(m2.testPublic.accuracy).toBeCloseTo(metrics.testPublic.accuracy, 6);
  }, 180_000);

  it("fails a run whose data produce a non-finite loss, with a message and no retry", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("mpg", owner);
    const spec = structuredClone(templateSpec("linearRegression", 1));
    spec.training.optimizer = { type: "sgd", learningRate: 10 };
    spec.training.epochs = 30;
    spec.preprocessing = { ...spec.preprocessing, numericScaling: "none" };
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: "Diverging", designedForVersionId: version.id },
      spec,
    });
    const run = await finished(
      (await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id })).id,
    );
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("runErrors.nanLoss");
    expect(run.attempt).toBe(1);
  }, 120_000);

  it("trains a small CNN with augmentation on an image dataset (wasm, with the registered filter-gradient kernel)", async () => {
    const owner = await createUser();
    const zip = await imageZip({ red: [220, 30, 30], green: [30, 200, 30], blue: [30, 30, 220] }, 20);
    const { version } = await createDatasetFrom(
      zip,
      { kind: "IMAGE", fileName: "colours.zip", imageSize: 28, imageChannels: 3 },
      owner,
    );
    const spec = structuredClone(templateSpec("smallCnn", 3));
    spec.preprocessing.image = {
      normalization: "scale01",
      augmentation: { flipHorizontal: true, rotationDegrees: 10, shiftFraction: 0.1 },
    };
    spec.training.epochs = 4;
    spec.training.batchSize = 8;
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: "CNN colours", designedForVersionId: version.id },
      spec,
    });
    const run = await finished(
      (await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id })).id,
    );
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.epochs).toHaveLength(4);
    expect((run.metrics as { testPublic: { accuracy: number } }).testPublic.accuracy).toBeGreaterThan(0.5);
  }, 120_000);
});
