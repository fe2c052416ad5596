import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSpec } from "../lib/configs/shapes";
import { ZConfigSpec, type TConfigSpecInput } from "../lib/configs/spec";
import { SPLIT } from "../lib/datasets/split";
import { REVIEWS_SHAPE, reviewCsv, reviewRows } from "../lib/factories/text-fixtures";
import { mulberry32 } from "../lib/random";
import type { TPrepared } from "../lib/runs/preprocess";
import { prepareText, vocabularySizeOf } from "../lib/runs/text-preprocess";
import { loadBackend } from "./tfjs/backend";
import { buildModel } from "./tfjs/build-model";

/**
 * Issue 17: every text layer trains on wasm (with the UnsortedSegmentSum kernel the project registers) and on cpu,
 * and both give the same losses for the same seed: the same initial weights (tfjs draws its seeds from Math.random,
 * seeded here as a run seeds it), the same batches (no shuffling), dropout off. Tolerance: 1e-3 relative per epoch,
 * room for float32 sums in another order, far below what a wrong gradient gives.
 */
const TOLERANCE = 1e-3;
const head = { type: "dense", units: 2, activation: "softmax" } as const;
const MODELS: Record<string, TConfigSpecInput["model"]["layers"]> = {
  "embedding + globalAveragePooling1d": [{ type: "embedding", outputDim: 8 }, { type: "globalAveragePooling1d" }, head],
  "conv1d + maxPooling1d + globalMaxPooling1d": [
    { type: "embedding", outputDim: 8 },
    { type: "conv1d", filters: 8, kernelSize: 3, padding: "same", activation: "relu" },
    { type: "maxPooling1d", poolSize: 2 },
    { type: "conv1d", filters: 4, kernelSize: 2, strides: 2, activation: "relu" },
    { type: "globalMaxPooling1d" },
    head,
  ],
  simpleRNN: [{ type: "embedding", outputDim: 6 }, { type: "simpleRNN", units: 6 }, head],
  lstm: [
    { type: "embedding", outputDim: 6 },
    { type: "lstm", units: 6, returnSequences: true },
    { type: "flatten" },
    head,
  ],
  gru: [{ type: "embedding", outputDim: 6 }, { type: "gru", units: 6 }, head],
  bidirectional: [
    { type: "embedding", outputDim: 6 },
    { type: "bidirectional", layer: { type: "lstm", units: 4, returnSequences: true }, mergeMode: "concat" },
    { type: "bidirectional", layer: { type: "gru", units: 3 }, mergeMode: "ave" },
    head,
  ],
};

const spec = (layers: TConfigSpecInput["model"]["layers"]) =>
  ZConfigSpec.parse({
    specVersion: 1,
    preprocessing: { text: { column: "review", vocabularySize: 200, maxLength: 12 } },
    model: { layers },
    training: { optimizer: { type: "adam", learningRate: 0.01 }, epochs: 2, batchSize: 32, seed: 42 },
  });

let dir: string;
let prepared: TPrepared;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ty-text-layers-"));
  const csv = path.join(dir, "reviews.csv");
  const rows = reviewRows(240);
  await writeFile(csv, reviewCsv(rows));
  prepared = await prepareText({
    filePath: csv,
    format: { delimiter: ",", bom: false },
    spec: spec(MODELS["embedding + globalAveragePooling1d"]!),
    dataset: REVIEWS_SHAPE,
    splits: Uint8Array.from(rows, (_, i) => (i % 5 === 4 ? SPLIT.VALIDATION : SPLIT.TRAIN)),
  });
  await loadBackend({ prefer: "wasm" });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function trainLosses(backend: "wasm" | "cpu", layers: TConfigSpecInput["model"]["layers"]) {
  await tf.setBackend(backend);
  const s = spec(layers);
  const { issues, analysis } = analyzeSpec(s, REVIEWS_SHAPE);
  expect(issues).toEqual([]);
  const realRandom = Math.random;
  Math.random = mulberry32(s.training.seed);
  try {
    const model = buildModel(tf, s, {
      inputShape: analysis!.inputShape,
      vocabularySize: vocabularySizeOf(prepared.fitted),
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const train = [...prepared.splits.keys()].filter((i) => prepared.splits[i] === SPLIT.TRAIN);
    const width = prepared.inputShape[0]!;
    const x = tf.tensor2d(
      Float32Array.from(train.flatMap((i) => Array.from(prepared.x.subarray(i * width, (i + 1) * width)))),
      [train.length, width],
    );
    const y = tf.oneHot(
      tf.tensor1d(
        train.map((i) => prepared.y[i]!),
        "int32",
      ),
      2,
    );
    const history = await model.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    model.dispose();
    return history.history.loss as number[];
  } finally {
    Math.random = realRandom;
  }
}

describe("text layers train on wasm and cpu alike", () => {
  it("fits a vocabulary with English and Chinese tokens", () => {
    if (prepared.fitted.kind !== "text") throw new Error("expected text");
    expect(prepared.fitted.tokenizer.level).toBe("word");
    expect(prepared.fitted.tokenizer.vocabulary).toEqual(expect.arrayContaining(["great", "电影", "好看"]));
  });

  it.each(Object.entries(MODELS))("%s: 2 epochs, same losses on both backends", async (_, layers) => {
    const onWasm = await trainLosses("wasm", layers);
    const onCpu = await trainLosses("cpu", layers);
    expect(onWasm).toHaveLength(2);
    onWasm.forEach((loss, epoch) => {
      expect(Number.isFinite(loss)).toBe(true);
      expect(Math.abs(loss - onCpu[epoch]!) / Math.abs(onCpu[epoch]!), `epoch ${epoch}`).toBeLessThan(TOLERANCE);
    });
    expect(onWasm[1]!).toBeLessThan(onWasm[0]!); // it learns, not just runs
  });
});
