import { readFile } from "node:fs/promises";
import { benchEnvironment, peakRssMB } from "./environment";
import { rawFitRate, trainTimed } from "./timed-run";

/**
 * Fine-tuning throughput (issue 17): a CNN trained on one image set is fine-tuned onto another with its whole base
 * frozen and a new head. Baseline: raw tfjs `model.fit` of the same frozen model on the same prepared data. Figures:
 * the worker training the frozen model end to end, and the worker in feature-extractor mode (the base's output
 * computed once, the head trained alone). Same backend, process, data, batch size and epochs.
 */

export async function benchFineTune() {
  const environment = await benchEnvironment();
  const { loadBackend } = await import("../worker/tfjs/backend");
  const { tf, choice } = await loadBackend({ prefer: (process.env.TFJS_BACKEND as "wasm") ?? "wasm" });
  const { createUser } = await import("../lib/factories/users");
  const { createDatasetFrom, imageZip } = await import("../lib/factories/datasets");
  const { createConfig } = await import("../lib/configs/mutations");
  const { getPrisma } = await import("../lib/db");
  const { createRedis } = await import("../lib/redis");
  const { prepareImages } = await import("../lib/runs/preprocess");
  const { getBlobStore } = await import("../lib/storage");
  const { SPLIT } = await import("../lib/datasets/split");
  const publisher = createRedis();
  const owner = await createUser();
  const db = getPrisma();
  const store = getBlobStore();

  async function train(label: string, versionId: string, spec: object, baseRunId?: string) {
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: label, designedForVersionId: versionId },
      spec,
    });
    const epochs = (spec as { training: { epochs: number } }).training.epochs;
    return trainTimed({ tf, backend: choice, publisher, ownerId: owner.id, revision, versionId, epochs, baseRunId });
  }

  const shapes = { imageSize: 28, imageChannels: 1 };
  const base = await createDatasetFrom(
    await imageZip({ red: [220, 30, 30], green: [30, 200, 30], blue: [30, 30, 220] }, 160),
    { kind: "IMAGE", fileName: "base.zip", ...shapes },
    owner,
  );
  const target = await createDatasetFrom(
    await imageZip({ dark: [40, 40, 40], light: [210, 210, 210] }, 240),
    { kind: "IMAGE", fileName: "target.zip", ...shapes },
    owner,
  );
  const baseSpec = {
    specVersion: 1,
    preprocessing: {},
    model: {
      layers: [
        { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu", padding: "same" },
        { type: "maxPooling2d", poolSize: 2 },
        { type: "conv2d", filters: 32, kernelSize: 3, activation: "relu", padding: "same" },
        { type: "maxPooling2d", poolSize: 2 },
        { type: "flatten" },
        { type: "dense", units: 64, activation: "relu" },
        { type: "dense", units: 3, activation: "softmax" },
      ],
    },
    training: { optimizer: { type: "adam", learningRate: 0.001 }, epochs: 2, batchSize: 64 },
  };
  const headSpec = (featureExtractor: boolean) => ({
    specVersion: 1,
    preprocessing: {},
    fineTune: { baseRunId: baseRun.run.id, freeze: "allBase", head: "replace", featureExtractor },
    model: { layers: [{ type: "dense", units: 2, activation: "softmax" }] },
    training: { optimizer: { type: "adam", learningRate: 0.001 }, epochs: 6, batchSize: 64 },
  });
  const baseRun = await train("base CNN", base.version.id, baseSpec);
  try {
    const full = await train("fine-tune, frozen base", target.version.id, headSpec(false), baseRun.run.id);
    const cached = await train("fine-tune, feature extractor", target.version.id, headSpec(true), baseRun.run.id);

    // Baseline: the same frozen model (base without its head + a new head) trained with raw tfjs.
    const artifacts = baseRun.run.artifacts as { modelJson: string; weights: string };
    const json = JSON.parse(await readFile(await store.localPath(artifacts.modelJson), "utf8"));
    const weights = await readFile(await store.localPath(artifacts.weights));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((m: { weights: unknown[] }) => m.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      }),
    );
    const kept = loaded.layers.filter((l) => l.getClassName() !== "InputLayer").slice(0, -1);
    kept.forEach((l) => (l.trainable = false));
    const input = tf.input({ shape: [28, 28, 1] });
    let x = input as ReturnType<typeof tf.input>;
    for (const l of kept) x = l.apply(x) as typeof x;
    const out = tf.layers.dense({ units: 2, activation: "softmax", name: "bench_head" }).apply(x) as typeof x;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const v = await db.datasetVersion.findUniqueOrThrow({ where: { id: target.version.id } });
    const prepared = await prepareImages({
      filePath: await store.localPath(v.dataKey!),
      spec: (await import("../lib/configs/spec")).ZConfigSpec.parse(headSpec(false)),
      splits: new Uint8Array(v.splitAssignments),
      fitted: JSON.parse(
        await readFile(
          await store.localPath((baseRun.run.artifacts as { preprocessing: string }).preprocessing),
          "utf8",
        ),
      ),
    });
    const size = 28 * 28;
    const pick = (s: number) => {
      const idx = [...prepared.splits.keys()].filter((i) => prepared.splits[i] === s);
      const data = new Float32Array(idx.length * size);
      idx.forEach((r, k) => data.set(prepared.x.subarray(r * size, (r + 1) * size), k * size));
      const y = tf.oneHot(
        tf.tensor1d(
          idx.map((r) => prepared.y[r]!),
          "int32",
        ),
        2,
      );
      return { x: tf.tensor(data, [idx.length, 28, 28, 1]), y, n: idx.length };
    };
    const trainSet = pick(SPLIT.TRAIN);
    const val = pick(SPLIT.VALIDATION);
    const raw = await rawFitRate(model, trainSet, val, { epochs: 6, batchSize: 64 });
    model.dispose();
    loaded.dispose();
    tf.dispose([trainSet.x, trainSet.y, val.x, val.y]);
    const label = "CNN 28×28×1 base (2 conv, 1 dense) frozen, new head, 480 images";
    return {
      name: `fine-tuning throughput (${choice.name} backend)`,
      file: "median samples/s, epoch-end to epoch-end over epochs 2..n, validation included",
      rows: [
        {
          figure: `${label}: raw tfjs model.fit (baseline)`,
          value: `${Math.round(raw)} /s`,
          ratio: 1,
          rssMB: peakRssMB(),
        },
        {
          figure: `${label}: worker, frozen base trained end to end`,
          value: `${Math.round(full.rate)} /s`,
          ratio: full.rate / raw,
          rssMB: peakRssMB(),
        },
        {
          figure: `${label}: worker, feature-extractor mode`,
          value: `${Math.round(cached.rate)} /s`,
          ratio: cached.rate / raw,
          rssMB: peakRssMB(),
          target: "ratio ≫ 1",
        },
      ],
    };
  } finally {
    const { closeProfileQueue } = await import("../lib/queue/profile");
    await closeProfileQueue();
    await publisher.quit();
    await environment.dispose();
  }
}
