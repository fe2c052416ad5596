import { benchEnvironment, peakRssMB } from "./environment";
import { rawFitRate, trainTimed } from "./timed-run";

/**
 * Training throughput (issue 5): samples/s of the worker's training path vs raw
 * tfjs model.fit on the same backend, model, data, batch size and validation
 * data, in the same process. Needs PostgreSQL and Redis (found or started like `npm test`).
 */

export async function benchTraining() {
  const environment = await benchEnvironment();

  const { loadBackend } = await import("../worker/tfjs/backend");
  const { tf, choice } = await loadBackend({ prefer: (process.env.TFJS_BACKEND as "wasm") ?? "wasm" });
  const { createUser } = await import("../lib/factories/users");
  const { createDatasetFrom, imageZip } = await import("../lib/factories/datasets");
  const { createConfig } = await import("../lib/configs/mutations");
  const { getPrisma } = await import("../lib/db");
  const { createRedis } = await import("../lib/redis");
  const { buildModel } = await import("../worker/tfjs/build-model");
  const { prepareTabular, prepareImages } = await import("../lib/runs/preprocess");
  const { prepareText, vocabularySizeOf } = await import("../lib/runs/text-preprocess");
  const { datasetShapeInfo } = await import("../lib/configs/dataset-info");
  const { ZConfigSpec } = await import("../lib/configs/spec");
  const { getBlobStore } = await import("../lib/storage");
  const { SPLIT } = await import("../lib/datasets/split");
  const publisher = createRedis();
  const owner = await createUser();
  const db = getPrisma();

  async function measure(label: string, bytes: Buffer | string, meta: object, spec: object) {
    const { version } = await createDatasetFrom(bytes, meta, owner);
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: label, designedForVersionId: version.id },
      spec,
    });
    const parsed = ZConfigSpec.parse(revision.spec);

    // Worker path: the same function the training thread runs (DB writes, pub/sub, validation each epoch).
    const { rate: worker } = await trainTimed({
      tf,
      backend: choice,
      publisher,
      ownerId: owner.id,
      revision,
      versionId: version.id,
      epochs: parsed.training.epochs,
    });

    // Baseline: raw model.fit on the same prepared data, same validation data.
    const v = await db.datasetVersion.findUniqueOrThrow({ where: { id: version.id } });
    const info = (await datasetShapeInfo(version.id, owner))!;
    const splits = new Uint8Array(v.splitAssignments);
    const prepared =
      info.kind === "IMAGE"
        ? await prepareImages({ filePath: await getBlobStore().localPath(v.dataKey!), spec: parsed, splits })
        : await (parsed.preprocessing.text ? prepareText : prepareTabular)({
            filePath: await getBlobStore().localPath(v.sha256),
            format: v.format as never,
            spec: parsed,
            dataset: info,
            splits,
          });
    const size = prepared.inputShape.reduce((a, b) => a * b, 1);
    const pick = (s: number) => {
      const idx = [...prepared.splits.keys()].filter((i) => prepared.splits[i] === s);
      const x = new Float32Array(idx.length * size);
      idx.forEach((r, k) => x.set(prepared.x.subarray(r * size, (r + 1) * size), k * size));
      return {
        x: tf.tensor(x, [idx.length, ...prepared.inputShape]),
        y: tf.oneHot(
          tf.tensor1d(
            idx.map((r) => prepared.y[r]!),
            "int32",
          ),
          info.classes.length,
        ),
        n: idx.length,
      };
    };
    const train = pick(SPLIT.TRAIN);
    const val = pick(SPLIT.VALIDATION);
    const model = buildModel(tf, parsed, {
      inputShape: prepared.inputShape,
      vocabularySize: vocabularySizeOf(prepared.fitted),
    });
    model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const raw = await rawFitRate(model, train, val, {
      epochs: parsed.training.epochs,
      batchSize: parsed.training.batchSize,
    });
    model.dispose();
    tf.dispose([train.x, train.y, val.x, val.y]);
    return { label, raw, worker, trainRows: train.n };
  }

  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const r = random(7);
  const rows = ["f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,f12,f13,f14,f15,label"];
  for (let i = 0; i < 20_000; i++) {
    const f = Array.from({ length: 16 }, () => r() * 2 - 1);
    rows.push(`${f.map((v) => v.toFixed(4)).join(",")},c${(f[0]! + f[1]! > 0 ? 1 : 0) + (f[2]! > 0.5 ? 1 : 0)}`);
  }
  const mlpSpec = {
    specVersion: 1,
    preprocessing: { numericScaling: "standard" },
    model: {
      layers: [
        { type: "dense", units: 64, activation: "relu" },
        { type: "dense", units: 32, activation: "relu" },
        { type: "dense", units: 3, activation: "softmax" },
      ],
    },
    training: { optimizer: { type: "adam", learningRate: 0.001 }, epochs: 6, batchSize: 128 },
  };
  const cnnSpec = {
    specVersion: 1,
    preprocessing: {},
    model: {
      layers: [
        { type: "conv2d", filters: 8, kernelSize: 3, activation: "relu", padding: "same" },
        { type: "maxPooling2d", poolSize: 2 },
        { type: "flatten" },
        { type: "dense", units: 3, activation: "softmax" },
      ],
    },
    training: { optimizer: { type: "adam", learningRate: 0.001 }, epochs: 5, batchSize: 64 },
  };
  // Text: 8,000 short reviews drawn from a 2,000-word vocabulary (40 words a row), the label set by which of two
  // word groups dominates; the bag-of-embeddings and 1-D CNN templates' bodies, 64 tokens.
  const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
  const textRows = ["text,label"];
  for (let i = 0; i < 8000; i++) {
    const picked = Array.from({ length: 40 }, () => words[Math.floor(r() * words.length)]!);
    const score = picked.reduce((a, w) => a + (Number(w.slice(1)) < 100 ? 1 : Number(w.slice(1)) < 200 ? -1 : 0), 0);
    textRows.push(`${picked.join(" ")},${score >= 0 ? "pos" : "neg"}`);
  }
  const textSpec = (body: object[]) => ({
    specVersion: 1,
    preprocessing: { text: { column: "text", level: "word", vocabularySize: 2000, maxLength: 64 } },
    model: { layers: [...body, { type: "dense", units: 2, activation: "softmax" }] },
    training: { optimizer: { type: "adam", learningRate: 0.005 }, epochs: 5, batchSize: 64 },
  });
  try {
    const text = await measure(
      "text bag of embeddings (64 tokens, dim 32), 8k rows",
      `${textRows.join("\n")}\n`,
      { targetColumn: "label", fileName: "text.csv" },
      textSpec([
        { type: "embedding", outputDim: 32 },
        { type: "globalAveragePooling1d" },
        { type: "dense", units: 32, activation: "relu" },
      ]),
    );
    const textCnn = await measure(
      "text 1-D CNN (64 tokens, 64 filters × 5), 8k rows",
      `${textRows.join("\n")}\n`,
      { targetColumn: "label", fileName: "text-cnn.csv" },
      textSpec([
        { type: "embedding", outputDim: 32 },
        { type: "conv1d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" },
        { type: "globalMaxPooling1d" },
      ]),
    );
    const mlp = await measure(
      "MLP 16-64-32-3, 20k rows",
      `${rows.join("\n")}\n`,
      { targetColumn: "label", fileName: "bench.csv" },
      mlpSpec,
    );
    const cnn = await measure(
      "small CNN, 28×28×1, 480 images",
      await imageZip({ a: [200, 10, 10], b: [10, 200, 10], c: [10, 10, 200] }, 160),
      { kind: "IMAGE", fileName: "bench.zip", imageSize: 28, imageChannels: 1 },
      cnnSpec,
    );
    return {
      name: `training throughput (${choice.name} backend)`,
      file: "median samples/s, epoch-end to epoch-end over epochs 2..n, validation included in both",
      rows: [mlp, cnn, text, textCnn].flatMap((m) => [
        {
          figure: `${m.label}: raw tfjs model.fit (baseline)`,
          value: `${Math.round(m.raw)} /s`,
          ratio: 1,
          rssMB: peakRssMB(),
        },
        {
          figure: `${m.label}: worker training`,
          value: `${Math.round(m.worker)} /s`,
          ratio: m.worker / m.raw,
          rssMB: peakRssMB(),
          target: "ratio ≥ 0.9",
        },
      ]),
    };
  } finally {
    const { closeProfileQueue } = await import("../lib/queue/profile");
    await closeProfileQueue(); // the 2.5 MB upload queued a profile job
    await publisher.quit();
    await environment.dispose();
  }
}
