import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TDatasetShapeInfo } from "../configs/shapes";
import { ZConfigSpec, type TConfigSpecInput } from "../configs/spec";
import { templateSpec } from "../configs/templates";
import { IMAGE_MAGIC } from "../datasets/images";
import { SPLIT } from "../datasets/split";
import { prepareImages, prepareTabular, type TFittedFeature } from "./preprocess";

// Issue 12 item 10: everything preprocessing fits must come from the TRAIN rows only. Values that
// occur only in validation or test rows (a category, an extreme number, a bright image) must not
// reach the fitted vocabulary or statistics, which are stored with the model and downloadable.
const { TRAIN, VALIDATION, TEST_PUBLIC, TEST_PRIVATE } = SPLIT;
const ROWS: [string, string, string, number][] = [
  ["red", "1", "a", TRAIN],
  ["red", "2", "a", TRAIN],
  ["blue", "3", "b", TRAIN],
  ["red", "4", "b", TRAIN],
  ["", "10", "a", TRAIN], // missing colour
  ["blue", "", "b", TRAIN], // missing size
  ["green", "1000", "a", VALIDATION],
  ["purple", "-5000", "b", TEST_PUBLIC],
  ["secret", "99999", "a", TEST_PRIVATE],
  ["", "", "b", TEST_PRIVATE], // missing both, in the test half
];
const SHAPE: TDatasetShapeInfo = {
  name: "leak",
  kind: "TABULAR",
  taskType: "CLASSIFICATION",
  classes: ["a", "b"],
  targetColumn: "label",
  columns: [
    { name: "color", type: "categorical", distinct: 5 },
    { name: "size", type: "numeric", distinct: 9 },
    { name: "label", type: "categorical", distinct: 2 },
  ],
};
const ONLY_OUTSIDE_TRAIN = ["green", "purple", "secret", "1000", "-5000", "99999"];

let dir: string;
let csv: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ty-preprocess-"));
  csv = path.join(dir, "leak.csv");
  await writeFile(csv, ["color,size,label", ...ROWS.map((r) => r.slice(0, 3).join(","))].join("\n"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function spec(preprocessing: Partial<TConfigSpecInput["preprocessing"]> = {}) {
  const s = structuredClone(templateSpec("logisticRegression", 2));
  return ZConfigSpec.parse({ ...s, preprocessing: { ...s.preprocessing, ...preprocessing } });
}
const prepare = (preprocessing?: Partial<TConfigSpecInput["preprocessing"]>) =>
  prepareTabular({
    filePath: csv,
    format: { delimiter: ",", bom: false },
    spec: spec(preprocessing),
    dataset: SHAPE,
    splits: Uint8Array.from(ROWS.map((r) => r[3])),
  });
const feature = <K extends TFittedFeature["kind"]>(features: TFittedFeature[], name: string, kind: K) =>
  features.find((f) => f.name === name && f.kind === kind) as Extract<TFittedFeature, { kind: K }>;

describe("preprocessing is fitted on the train rows only", () => {
  it("keeps categories seen only in validation or test rows out of the vocabulary, and encodes them as unknown", async () => {
    const p = await prepare();
    if (p.fitted.kind !== "tabular") throw new Error("expected tabular");
    const color = feature(p.fitted.features, "color", "categorical");
    expect(color).toMatchObject({ categories: ["red", "blue"], other: false, impute: "red" });
    expect(p.inputShape).toEqual([3]); // red, blue, size
    const row = (split: number, at = 0) => {
      const i = [...p.splits.keys()].filter((k) => p.splits[k] === split)[at]!;
      return Array.from(p.x.subarray(i * 3, i * 3 + 3));
    };
    expect(row(TEST_PRIVATE).slice(0, 2)).toEqual([0, 0]); // "secret": no column of its own, no column of another value
    expect(row(TEST_PUBLIC).slice(0, 2)).toEqual([0, 0]);
    expect(row(TEST_PRIVATE, 1).slice(0, 2)).toEqual([1, 0]); // missing: imputed with the train mode
    const stored = JSON.stringify(p.fitted);
    for (const value of ONLY_OUTSIDE_TRAIN) expect(stored).not.toContain(`"${value}"`);
  });

  it("fits means, scales and imputation values on train rows, unmoved by extreme test values", async () => {
    const trainSizes = [1, 2, 3, 4, 10];
    const mean = trainSizes.reduce((a, b) => a + b, 0) / trainSizes.length; // 4
    const filled = [...trainSizes, mean];
    const std = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length);

    const standard = await prepare();
    if (standard.fitted.kind !== "tabular") throw new Error("expected tabular");
    expect(feature(standard.fitted.features, "size", "numeric")).toMatchObject({ impute: mean, center: mean });
    expect(feature(standard.fitted.features, "size", "numeric").scale).toBeCloseTo(std, 12);

    const minMax = await prepare({
      numericScaling: "minMax",
      missing: { numeric: "median", categorical: "mostFrequent", numericConstant: 0, categoricalConstant: "missing" },
    });
    if (minMax.fitted.kind !== "tabular") throw new Error("expected tabular");
    expect(feature(minMax.fitted.features, "size", "numeric")).toEqual({
      name: "size",
      kind: "numeric",
      impute: 3,
      center: 1,
      scale: 9,
    });
  });

  it("drops rows with missing values from train and validation only; test rows are imputed with train values", async () => {
    const p = await prepare({
      missing: { numeric: "dropRows", categorical: "dropRows", numericConstant: 0, categoricalConstant: "missing" },
    });
    if (p.fitted.kind !== "tabular") throw new Error("expected tabular");
    expect(p.rowCount).toBe(ROWS.length - 2); // the two train rows with a gap
    expect([...p.splits].filter((s) => s === TEST_PUBLIC || s === TEST_PRIVATE)).toHaveLength(3); // every test row is scored
    // Fitted on the kept train rows (sizes 1-4; colours red ×3, blue ×1).
    expect(feature(p.fitted.features, "size", "numeric")).toMatchObject({ impute: 2.5, center: 2.5 });
    expect(feature(p.fitted.features, "color", "categorical")).toMatchObject({
      categories: ["red", "blue"],
      impute: "red",
    });
  });

  it("scales a column of more than 130,000 train rows to [0, 1] (min/max without spreading the values)", async () => {
    const n = 130_001;
    const file = path.join(dir, "long.csv");
    await writeFile(file, ["v,label", ...Array.from({ length: n }, (_, i) => `${i},${i % 2 ? "a" : "b"}`)].join("\n"));
    const shape: TDatasetShapeInfo = {
      ...SHAPE,
      columns: [
        { name: "v", type: "numeric", distinct: n },
        { name: "label", type: "categorical", distinct: 2 },
      ],
    };
    const p = await prepareTabular({
      filePath: file,
      format: { delimiter: ",", bom: false },
      spec: spec({ numericScaling: "minMax" }),
      dataset: shape,
      splits: new Uint8Array(n).fill(TRAIN),
    });
    if (p.fitted.kind !== "tabular") throw new Error("expected tabular");
    expect(feature(p.fitted.features, "v", "numeric")).toMatchObject({ center: 0, scale: n - 1 });
    expect(p.x[n - 1]).toBe(1);
  });

  it("standardises images with the train images' mean and std only", async () => {
    // Four dark train images (10), one bright train image (250), three bright test/validation images (250).
    const [w, h, c] = [2, 2, 1];
    const labels = [0, 0, 0, 0, 1, 1, 1, 1];
    const splits = Uint8Array.from([TRAIN, TRAIN, TRAIN, TRAIN, TRAIN, VALIDATION, TEST_PUBLIC, TEST_PRIVATE]);
    const header = Buffer.from(
      JSON.stringify({ width: w, height: h, channels: c, count: labels.length, classes: ["dark", "bright"] }),
    );
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const labelBytes = Buffer.alloc(labels.length * 2);
    labels.forEach((l, i) => labelBytes.writeUInt16LE(l, i * 2));
    const pixels = Buffer.concat(labels.map((l) => Buffer.alloc(w * h * c, l ? 250 : 10)));
    const file = path.join(dir, "images.bin");
    await writeFile(file, Buffer.concat([Buffer.from(IMAGE_MAGIC), length, header, labelBytes, pixels]));

    const imageSpec = ZConfigSpec.parse({
      ...structuredClone(templateSpec("logisticRegression", 2)),
      preprocessing: { image: { normalization: "standard" } },
    });
    const p = await prepareImages({ filePath: file, spec: imageSpec, splits });
    if (p.fitted.kind !== "image") throw new Error("expected image");
    const train = [10, 10, 10, 10, 250];
    const mean = train.reduce((a, b) => a + b, 0) / train.length; // 58, not 130 as over all eight
    const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
    expect(p.fitted.mean).toBeCloseTo(mean, 9);
    expect(p.fitted.std).toBeCloseTo(std, 9);
  });
});

// Issue 17: datetime columns as features, all parts read in UTC whatever the offset or the server's zone.
