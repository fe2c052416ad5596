import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { TSessionUser } from "../lib/auth/session";
import { createConfig } from "../lib/configs/mutations";
import type { TConfigSpecInput } from "../lib/configs/spec";
import { getPrisma } from "../lib/db";
import { createDatasetFrom, createSampleDataset, sampleBytes } from "../lib/factories/datasets";
import { createPoster } from "../lib/factories/discussions";
import { heavyPenguinsCsv, PENGUIN_BASE_SPEC } from "../lib/factories/fine-tune";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue } from "../lib/queue/training";
import { createRedis } from "../lib/redis";
import { getRun } from "../lib/runs/queries";
import { submitRun } from "../lib/runs/mutations";
import { getBlobStore } from "../lib/storage";
import { loadBackend } from "./tfjs/backend";
import { trainRun } from "./training/train-run";

// Runs are submitted for real (row + job), then trained here: the queue is this file's own, and no worker reads it.
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "ty-test"}-finetune-${process.pid}`;

let owner: TSessionUser;
let other: TSessionUser;
let publisher: Redis;
let backend: Awaited<ReturnType<typeof loadBackend>>;
let baseRunId: string;
let heavyVersionId: string;

const BASE_SPEC = PENGUIN_BASE_SPEC;

const fineTuneSpec = (fineTune: Record<string, unknown>, epochs = 8): TConfigSpecInput => ({
  specVersion: 1,
  // The new dataset's target column; the species (the base's target) is not an input the base knows.
  preprocessing: { excludeColumns: ["species"] },
  fineTune: { baseRunId, ...fineTune } as TConfigSpecInput["fineTune"],
  model: { layers: [{ type: "dense", units: 2, activation: "softmax" }] },
  training: { optimizer: { type: "adam", learningRate: 0.02 }, epochs, batchSize: 16, seed: 7 },
});

async function train(actor: TSessionUser, spec: TConfigSpecInput, versionId: string) {
  const { revision } = await createConfig({
    actor,
    meta: { title: "Fine-tune test", designedForVersionId: versionId },
    spec,
  });
  const queued = await submitRun({ actor, configRevisionId: revision.id, datasetVersionId: versionId });
  const outcome = await trainRun({
    runId: queued.id,
    tf: backend.tf,
    backend: backend.choice,
    publisher,
    shouldInterrupt: () => false,
    shouldCancel: () => false,
  });
  const run = await getPrisma().run.findUniqueOrThrow({ where: { id: queued.id } });
  expect(run.status, `${run.error} ${JSON.stringify(run.errorValues)}`).toBe("SUCCEEDED");
  expect(outcome).toBe("succeeded");
  return run;
}

type TArtifacts = { modelJson: string; weights: string; preprocessing: string };

/** A run's stored weights by layer-qualified name, and its preprocessing. */
async function storedModel(artifacts: unknown) {
  const a = artifacts as TArtifacts;
  const store = getBlobStore();
  const json = JSON.parse(await readFile(await store.localPath(a.modelJson), "utf8")) as {
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const bytes = await readFile(await store.localPath(a.weights));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of json.weightsManifest.flatMap((m) => m.weights)) {
    const size = w.shape.reduce((x, y) => x * y, 1);
    weights.set(w.name, floats.slice(offset, offset + size));
    offset += size;
  }
  const preprocessing = JSON.parse(await readFile(await store.localPath(a.preprocessing), "utf8"));
  return { weights, preprocessing };
}

beforeAll(async () => {
  backend = await loadBackend({ prefer: "wasm" });
  publisher = createRedis();
  publisher.on("error", () => {});
  owner = await createUser();
  // Past the new-account age: the base's author is credited for a member's fine-tune (lib/reputation/rules.ts).
  other = await createPoster();
  const penguins = await createSampleDataset("penguins", owner);
  baseRunId = (await train(owner, BASE_SPEC, penguins.version.id)).id;
  // Another member's new task on the same measurements: is the penguin heavy? Every column the base reads is there.
  const heavy = heavyPenguinsCsv();
  heavyVersionId = (
    await createDatasetFrom(
      heavy,
      { taskType: "CLASSIFICATION", targetColumn: "heavy", fileName: "penguins-heavy.csv", title: "Heavy penguins" },
      other,
    )
  ).version.id;
}, 180_000);

afterAll(async () => {
  publisher?.disconnect();
  await closeTrainingQueue();
});

describe("fine-tuning from another member's run", () => {
  it("keeps the frozen base's weights and batch-norm statistics, trains the new head, reuses the preprocessing", async () => {
    const base = await getPrisma().run.findUniqueOrThrow({ where: { id: baseRunId } });
    const run = await train(other, fineTuneSpec({ freeze: "allBase", head: "replace" }), heavyVersionId);
    expect(run.baseRunId).toBe(baseRunId);

    const before = await storedModel(base.artifacts);
    const after = await storedModel(run.artifacts);
    // Every base weight except the replaced head's is kept, bit for bit — moving mean and variance included.
    const baseNames = [...before.weights.keys()];
    // The old head: the last dense layer (tfjs stores trainable weights first, batch-norm statistics after them).
    const headLayer = baseNames
      .filter((n) => n.endsWith("/kernel"))
      .at(-1)!
      .split("/")[0]!;
    const headNames = baseNames.filter((n) => n.startsWith(`${headLayer}/`));
    const kept = baseNames.filter((n) => !headNames.includes(n));
    expect(kept.some((n) => /moving_mean/.test(n))).toBe(true);
    expect(kept.some((n) => /moving_variance/.test(n))).toBe(true);
    for (const name of kept) expect(after.weights.get(name), name).toEqual(before.weights.get(name));
    for (const name of headNames) expect(after.weights.has(name), name).toBe(false);
    // The new head is this run's, with two outputs.
    const newHead = [...after.weights.keys()].filter((n) => !kept.includes(n));
    expect(newHead).toHaveLength(2);
    expect(after.weights.get(newHead.find((n) => n.endsWith("bias"))!)!.length).toBe(2);

    // The base's preprocessing, features and fitted values alike; the target is the new dataset's.
    expect(after.preprocessing.features).toEqual(before.preprocessing.features);
    expect(after.preprocessing.target.classes).toEqual(["no", "yes"]);
    // The head learned the new task from the frozen features.
    const metrics = run.metrics as { validation: { accuracy: number } };
    expect(metrics.validation.accuracy).toBeGreaterThan(0.75);
  }, 120_000);

  it("an unfrozen base learns (its weights change) and the run page credits the base", async () => {
    const run = await train(
      other,
      fineTuneSpec({ freeze: "firstK", freezeFirst: 1, baseLearningRateFactor: 0.1 }),
      heavyVersionId,
    );
    const base = await getPrisma().run.findUniqueOrThrow({ where: { id: baseRunId } });
    const before = await storedModel(base.artifacts);
    const after = await storedModel(run.artifacts);
    const names = [...before.weights.keys()];
    // Layer 1 (dense) frozen; batch norm's gamma and the second dense layer train.
    expect(after.weights.get(names[0]!)).toEqual(before.weights.get(names[0]!));
    const second = names.find((n) => n !== names[0] && n !== names[1] && /kernel/.test(n))!;
    expect(after.weights.get(second)).not.toEqual(before.weights.get(second));

    const page = await getRun(run.id, other);
    expect(page?.base).toMatchObject({ visible: true, id: baseRunId, authorHandle: owner.handle });
    // The base's author earned reputation for it, once however many of this member's runs build on it.
    const credits = await getPrisma().reputationEvent.findMany({
      where: { userId: owner.id, reason: "MODEL_FINE_TUNED" },
    });
    expect(credits).toHaveLength(1);
    expect(credits[0]).toMatchObject({ points: 10, sourceUserId: other.id, runId: baseRunId });
  }, 120_000);

  it("feature-extractor mode gives the same result as training the head on the frozen base", async () => {
    const full = await train(other, fineTuneSpec({ freeze: "allBase" }, 5), heavyVersionId);
    const cached = await train(other, fineTuneSpec({ freeze: "allBase", featureExtractor: true }, 5), heavyVersionId);
    const m = (r: typeof full) => (r.metrics as { validation: { accuracy: number; logLoss?: number } }).validation;
    expect(m(cached).accuracy).toBeCloseTo(m(full).accuracy, 6);
    const epochs = async (id: string) =>
      (await getPrisma().runEpoch.findMany({ where: { runId: id }, orderBy: { epoch: "asc" } })).map(
        (e) => e.trainLoss,
      );
    const [a, b] = [await epochs(full.id), await epochs(cached.id)];
    expect(b).toHaveLength(a.length);
    b.forEach((loss, i) => expect(loss).toBeCloseTo(a[i]!, 4));
  }, 120_000);

  it("refuses a base whose columns the dataset lacks, and a base the author cannot see", async () => {
    const iris = await createSampleDataset("iris", other);
    await expect(
      createConfig({
        actor: other,
        meta: { title: "wrong columns", designedForVersionId: iris.version.id },
        spec: fineTuneSpec({}),
      }),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: "fineTune.baseRunId", code: "baseColumnsMissing" }),
      ]),
    });
    const hidden = await createDatasetFrom(
      sampleBytes("penguins"),
      { targetColumn: "species", visibility: "PRIVATE" },
      owner,
    );
    const privateRun = await train(owner, BASE_SPEC, hidden.version.id);
    await expect(
      createConfig({
        actor: other,
        meta: { title: "private base", designedForVersionId: heavyVersionId },
        spec: { ...fineTuneSpec({}), fineTune: { baseRunId: privateRun.id } },
      }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "fineTune.baseRunId", code: "baseNotFound" })],
    });
  }, 120_000);
});
