import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TDatasetShapeInfo } from "../configs/shapes";
import { ZConfigSpec } from "../configs/spec";
import { SPLIT } from "../datasets/split";
import { DataPreparationError, targetScaling } from "./preprocess";
import { prepareText, type TFittedText } from "./text-preprocess";
import { encodeText, fitTokenizer, OOV_ID, PAD_ID, tokenIndex } from "./tokenizer";

const { TRAIN, VALIDATION, TEST_PUBLIC, TEST_PRIVATE, EXCLUDED } = SPLIT;

describe("fitTokenizer / encodeText", () => {
  it("ranks train tokens by frequency, ties by first appearance, after the padding and OOV entries", () => {
    const t = fitTokenizer(["b a a", "c b a", "d"], {
      level: "word",
      lowercase: true,
      maxLength: 4,
      vocabularySize: 100,
    });
    expect(t.vocabulary.slice(2)).toEqual(["a", "b", "c", "d"]);
    expect(t.vocabulary.length).toBe(6);
    // the same rows in another order tie differently only where counts tie
    const again = fitTokenizer(["d", "c b a", "b a a"], {
      level: "word",
      lowercase: true,
      maxLength: 4,
      vocabularySize: 100,
    });
    expect(again.vocabulary.slice(2, 4)).toEqual(["a", "b"]);
  });

  it("keeps vocabularySize entries in all and encodes unknown tokens as OOV, padding or cutting to maxLength", () => {
    const t = fitTokenizer(["x x x y y z"], { level: "word", lowercase: true, maxLength: 4, vocabularySize: 4 });
    expect(t.vocabulary.slice(2)).toEqual(["x", "y"]);
    const index = tokenIndex(t);
    const out = new Float32Array(8).fill(-1);
    encodeText(t, index, "Y z", out, 0);
    encodeText(t, index, "x y x y x y", out, 4);
    expect(Array.from(out)).toEqual([3, OOV_ID, PAD_ID, PAD_ID, 2, 3, 2, 3]);
    encodeText(t, index, null, out, 0);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it("resolves auto once over the corpus: character tokens for Chinese", () => {
    const t = fitTokenizer(["这部电影非常好看", "电影很差"], {
      level: "auto",
      lowercase: true,
      maxLength: 8,
      vocabularySize: 100,
    });
    expect(t.level).toBe("char");
    expect(t.vocabulary.slice(2, 4)).toEqual(["电", "影"]); // each seen twice
  });
});

// Rows: text, label, split. Tokens that only occur outside the train rows must not reach the stored vocabulary.
const ROWS: [string, string, number][] = [
  ["great fun film", "pos", TRAIN],
  ["great cast", "pos", TRAIN],
  ["boring film", "neg", TRAIN],
  ["dull and boring", "neg", TRAIN],
  ["magnificent film", "pos", VALIDATION],
  ["tedious", "neg", TEST_PUBLIC],
  ["secretword film", "pos", TEST_PRIVATE],
  ["", "neg", TEST_PRIVATE],
  ["excludedword", "", EXCLUDED],
];
const SHAPE: TDatasetShapeInfo = {
  name: "reviews",
  kind: "TABULAR",
  taskType: "CLASSIFICATION",
  classes: ["neg", "pos"],
  targetColumn: "label",
  columns: [
    { name: "review", type: "text", distinct: 8 },
    { name: "label", type: "categorical", distinct: 2 },
  ],
};
const spec = (text: Record<string, unknown> = {}) =>
  ZConfigSpec.parse({
    specVersion: 1,
    preprocessing: { text: { column: "review", maxLength: 4, vocabularySize: 100, ...text } },
    model: {
      layers: [
        { type: "embedding", outputDim: 4 },
        { type: "globalAveragePooling1d" },
        { type: "dense", units: 2, activation: "softmax" },
      ],
    },
    training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 4 },
  });

let dir: string;
let csv: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ty-text-preprocess-"));
  csv = path.join(dir, "reviews.csv");
  await writeFile(csv, ["review,label", ...ROWS.map((r) => `${r[0]},${r[1]}`)].join("\n"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const prepare = (s = spec(), fitted?: TFittedText) =>
  prepareText({
    filePath: csv,
    format: { delimiter: ",", bom: false },
    spec: s,
    dataset: SHAPE,
    splits: Uint8Array.from(ROWS.map((r) => r[2])),
    fitted,
  });

describe("prepareText", () => {
  it("fits the vocabulary on train rows only: tokens of validation, test and excluded rows stay out", async () => {
    const p = await prepare();
    if (p.fitted.kind !== "text") throw new Error("expected text");
    const vocabulary = p.fitted.tokenizer.vocabulary;
    expect(vocabulary.slice(2)).toEqual(["great", "film", "boring", "fun", "cast", "dull", "and"]);
    const stored = JSON.stringify(p.fitted);
    for (const word of ["magnificent", "tedious", "secretword", "excludedword"]) expect(stored).not.toContain(word);
    expect(p.fitted.tokenizer).toMatchObject({ level: "word", lowercase: true, maxLength: 4 });
    expect(p.fitted.target).toEqual({ column: "label", classes: ["neg", "pos"] });
  });

  it("drops excluded rows, keeps the splits, and encodes ids padded to maxLength with the class index as y", async () => {
    const p = await prepare();
    expect(p.rowCount).toBe(8);
    expect(p.inputShape).toEqual([4]);
    expect(Array.from(p.splits)).toEqual(ROWS.slice(0, 8).map((r) => r[2]));
    const ids = (r: number) => Array.from(p.x.subarray(r * 4, r * 4 + 4));
    expect(ids(0)).toEqual([2, 5, 3, 0]); // great fun film (great, film and boring tie at 2: first seen first)
    expect(ids(6)).toEqual([OOV_ID, 3, 0, 0]); // secretword film: unknown, then film
    expect(ids(7)).toEqual([0, 0, 0, 0]); // empty review: all padding
    expect(Array.from(p.y)).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
  });

  it("reuses a base run's tokenizer instead of fitting, and names the column when the base's is missing", async () => {
    const base = await prepare();
    if (base.fitted.kind !== "text") throw new Error("expected text");
    const narrow = {
      ...base.fitted,
      tokenizer: { ...base.fitted.tokenizer, vocabulary: ["<pad> ", "<oov> ", "film"] },
    };
    const p = await prepare(spec(), narrow);
    expect(Array.from(p.x.subarray(0, 4))).toEqual([OOV_ID, OOV_ID, 2, 0]);
    expect(p.fitted).toEqual(narrow);

    const elsewhere = { ...narrow, column: "summary" };
    const error = await prepare(spec(), elsewhere).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataPreparationError);
    expect((error as DataPreparationError).key).toBe("runErrors.baseColumnsMismatch");
    expect((error as DataPreparationError).values).toEqual({ missing: "summary", extra: "review" });
  });

  it("standardises a regression target with the train rows' mean and std, which targetScaling() undoes", async () => {
    const regression: TDatasetShapeInfo = { ...SHAPE, taskType: "REGRESSION", classes: [], targetColumn: "score" };
    const file = path.join(dir, "scores.csv");
    await writeFile(file, ["review,score", "good,4", "bad,2", "fine,3", "huge outlier,1000"].join("\n"));
    const splits = Uint8Array.from([TRAIN, TRAIN, TRAIN, TEST_PRIVATE]);
    const p = await prepareText({
      filePath: file,
      format: { delimiter: ",", bom: false },
      spec: spec(),
      dataset: regression,
      splits,
    });
    const { center, scale } = targetScaling(p.fitted);
    expect(center).toBeCloseTo(3); // the test row's 1000 takes no part
    expect(scale).toBeCloseTo(Math.sqrt(2 / 3));
    expect(p.y[3]! * scale + center).toBeCloseTo(1000, 3);
    const raw = await prepareText({
      filePath: file,
      format: { delimiter: ",", bom: false },
      spec: ZConfigSpec.parse({ ...spec(), preprocessing: { ...spec().preprocessing, targetScaling: "none" } }),
      dataset: regression,
      splits,
    });
    expect(Array.from(raw.y)).toEqual([4, 2, 3, 1000]);
    expect(targetScaling(raw.fitted)).toEqual({ center: 0, scale: 1 });
  });

  it("says which column is missing from the file", async () => {
    const error = await prepare(spec({ column: "summary" })).catch((e: unknown) => e);
    expect((error as DataPreparationError).key).toBe("runErrors.columnsMissing");
  });
});
