import { benchEnvironment, peakRssMB } from "./environment";

/**
 * Training throughput (issue 5): samples/s of the worker's training path vs raw
 * tfjs model.fit on the same backend, model, data, batch size and validation
 * data, in the same process. Needs PostgreSQL and Redis (found or started like `npm test`).
 */
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

export async function benchTraining() {
  const environment = await benchEnvironment();

  const { loadBackend } = await import("../worker/tfjs/backend");
  const { tf, choice } = await loadBackend({ prefer: (process.env.TFJS_BACKEND as "wasm") ?? "wasm" });
  const { createUser } = await import("../lib/factories/users");
  const { createDatasetFrom, imageZip } = await import("../lib/factories/datasets");
  const { createConfig } = await import("../lib/configs/mutations");
  const { getPrisma } = await import("../lib/db");
  const { createRedis } = await import("../lib/redis");
  const { trainRun } = await import("../worker/training/train-run");
  const { buildModel } = await import("../worker/tfjs/build-model");
  const { prepareTabular, prepareImages } = await import("../lib/runs/preprocess");
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
    const run = await db.run.create({
      data: {
        userId: owner.id,
        configId: revision.configId,
        configRevisionId: revision.id,
        datasetVersionId: version.id,
        seed: 1,
        configHash: revision.specHash,
        datasetHash: version.id,
        epochsTotal: parsed.training.epochs,
      },
    });
    await trainRun({
      runId: run.id,
      tf,
      backend: choice,
      publisher,
      shouldInterrupt: () => false,
      shouldCancel: () => false,
    });
    const epochs = await db.runEpoch.findMany({ where: { runId: run.id }, orderBy: { epoch: "asc" } });
    const trainRows = [
      ...new Uint8Array((await db.datasetVersion.findUniqueOrThrow({ where: { id: version.id } })).splitAssignments),
    ].filter((s) => s === SPLIT.TRAIN).length;
    // End of epoch k to end of epoch k+1: everything the worker does per epoch (fit, validation,
    // the epoch row, the run update, the pub/sub message) counts. The first epoch warms up kernels.
    const worker = median(
      epochs.slice(1).map((e, i) => trainRows / ((e.createdAt.getTime() - epochs[i]!.createdAt.getTime()) / 1000)),
    );

    // Baseline: raw model.fit on the same prepared data, same validation data.
    const v = await db.datasetVersion.findUniqueOrThrow({ where: { id: version.id } });
    const info = (await datasetShapeInfo(version.id, owner))!;
    const splits = new Uint8Array(v.splitAssignments);
    const prepared =
      info.kind === "IMAGE"
        ? await prepareImages({ filePath: await getBlobStore().localPath(v.dataKey!), spec: parsed, splits })
        : await prepareTabular({
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
    const model = buildModel(tf, parsed, prepared.inputShape);
    model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const rates: number[] = [];
    let t0 = performance.now();
    await model.fit(train.x, train.y, {
      epochs: parsed.training.epochs,
      batchSize: parsed.training.batchSize,
      validationData: [val.x, val.y],
      verbose: 0,
      callbacks: {
        onEpochEnd: async () => {
          const now = performance.now();
          rates.push(train.n / ((now - t0) / 1000));
          t0 = now;
        },
      },
    });
    const raw = median(rates.slice(1));
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
  try {
    const mlp = await measure(
      "MLP 16-64-32-3, 20k rows",
      `${rows.join("\n")}\n`,
      { targetColumn: "label", fileName: "bench.csv" },
      mlpSpec,
    );
    const cnn = await measure(
      "small CNN, 28×28×1, 600 images",
      await imageZip({ a: [200, 10, 10], b: [10, 200, 10], c: [10, 10, 200] }, 200),
      { kind: "IMAGE", fileName: "bench.zip", imageSize: 28, imageChannels: 1 },
      cnnSpec,
    );
    return {
      name: `training throughput (${choice.name} backend)`,
      file: "median samples/s, epoch-end to epoch-end over epochs 2..n, validation included in both",
      rows: [mlp, cnn].flatMap((m) => [
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
