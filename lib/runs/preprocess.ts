import type { TConfigSpec } from "../configs/spec";
import { AppError, type TErrorValues } from "../errors";
import { tabularFeatures, type TDatasetShapeInfo } from "../configs/shapes";
import { readCsv, type TCsvFormat } from "../datasets/csv";
import { presentValue } from "../datasets/profile";
import { readImageHeader } from "../datasets/images";
import { readFile } from "node:fs/promises";
import { SPLIT } from "../datasets/split";

/**
 * Turns a dataset version into model-ready arrays for a config. Everything fitted
 * (means, medians, scales, modes, category vocabularies, image mean and std) comes
 * from the TRAIN rows only and is then applied to all rows: no leakage from
 * validation or test. The fitted parameters are returned so they can be stored with
 * the model (anyone who may see a run may download them, so a value seen only in the
 * hidden test half must never appear there). The class list is the dataset version's
 * (the task's labels, fixed per version so every run's outputs and scores line up).
 */
export type TFittedFeature =
  | { name: string; kind: "numeric"; impute: number; center: number; scale: number }
  | { name: string; kind: "categorical"; categories: string[]; other: boolean; impute: string | null };

export type TFittedPreprocessing =
  | {
      kind: "tabular";
      features: TFittedFeature[];
      dropRowsWithMissing: boolean;
      target: { column: string; classes: string[] };
    }
  | {
      kind: "image";
      width: number;
      height: number;
      channels: number;
      normalization: string;
      mean: number;
      std: number;
      classes: string[];
    };

export type TPrepared = {
  x: Float32Array;
  inputShape: number[];
  /** Class index (classification) or target value (regression), per kept row. */
  y: Float32Array;
  /** Split of each kept row (rows with missing values may be dropped). */
  splits: Uint8Array;
  rowCount: number;
  fitted: TFittedPreprocessing;
};

/** The data cannot be prepared for this config ("runErrors.<key>" with values): the run fails, no retry. */
export class DataPreparationError extends AppError {
  constructor(key: string, values: TErrorValues = {}) {
    super("INVALID_DATA", {}, { key, values });
    this.name = "DataPreparationError";
  }
}

const median = (values: number[]) => {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const BOOL: Record<string, number> = { true: 1, false: 0, yes: 1, no: 0, t: 1, f: 0 };

export async function prepareTabular(options: {
  filePath: string;
  format: TCsvFormat;
  spec: TConfigSpec;
  dataset: TDatasetShapeInfo;
  splits: Uint8Array;
}): Promise<TPrepared> {
  const { spec, dataset } = options;
  const pre = spec.preprocessing;
  const features = tabularFeatures(spec, dataset);
  const schema = new Map((dataset.columns ?? []).map((c) => [c.name, c.type]));
  let indexes: number[] = [];
  let targetIndex = -1;
  const raw: (string | null)[][] = features.map(() => []);
  const targets: (string | null)[] = [];
  await readCsv(options.filePath, options.format, {
    onHeader(header) {
      indexes = features.map((f) => header.indexOf(f.name));
      targetIndex = header.indexOf(dataset.targetColumn);
    },
    onRow(record) {
      for (let k = 0; k < indexes.length; k++) raw[k]!.push(presentValue(record[indexes[k]!]!));
      targets.push(presentValue(record[targetIndex]!));
    },
  });
  const n = targets.length;
  if (n !== options.splits.length)
    throw new DataPreparationError("runErrors.splitMismatch", { rows: n, split: options.splits.length });

  const dropRows = pre.missing.numeric === "dropRows" || pre.missing.categorical === "dropRows";
  const keep = new Uint8Array(n).fill(1);
  // Rows without a target value are in no split: nothing is fitted, trained or scored on them.
  for (let i = 0; i < n; i++) if (options.splits[i] === SPLIT.EXCLUDED) keep[i] = 0;
  // Only train and validation rows are dropped: a config must not choose which test rows it is scored on.
  // Test rows with missing values are imputed with the train statistics instead.
  const isTest = (i: number) => options.splits[i] === SPLIT.TEST_PUBLIC || options.splits[i] === SPLIT.TEST_PRIVATE;
  if (dropRows) {
    features.forEach((f, k) => {
      const type = schema.get(f.name);
      const isCat = type === "categorical";
      if ((isCat && pre.missing.categorical === "dropRows") || (!isCat && pre.missing.numeric === "dropRows")) {
        raw[k]!.forEach((v, i) => v === null && !isTest(i) && (keep[i] = 0));
      }
    });
  }
  const isTrain = (i: number) => keep[i] === 1 && options.splits[i] === SPLIT.TRAIN;

  const fitted: TFittedFeature[] = features.map((f, k) => {
    const values = raw[k]!;
    const type = schema.get(f.name);
    if (type === "categorical") {
      const trainCounts = new Map<string, number>();
      values.forEach((v, i) => v !== null && isTrain(i) && trainCounts.set(v, (trainCounts.get(v) ?? 0) + 1));
      // Vocabulary: the values of TRAIN rows, most frequent first (it once held every value of the
      // column, so a category present only in the private test half showed up in the downloadable
      // preprocessing.json). A value outside it encodes as the "other" column when there is one, else as zeros,
      // so the encoded width can be below the editor's estimate (which counts the column's distinct values).
      const ordered = [...trainCounts.keys()].sort(
        (a, b) => trainCounts.get(b)! - trainCounts.get(a)! || a.localeCompare(b),
      );
      const max = pre.categoricalEncoding.maxCategories;
      const other = ordered.length > max;
      const categories = other ? ordered.slice(0, max - 1) : ordered;
      const mode = ordered[0] ?? null;
      const impute = pre.missing.categorical === "constant" ? pre.missing.categoricalConstant : mode;
      return { name: f.name, kind: "categorical", categories, other, impute };
    }
    const nums = values.map((v) =>
      v === null ? Number.NaN : type === "boolean" ? (BOOL[v.toLowerCase()] ?? Number.NaN) : Number(v),
    );
    raw[k] = nums.map((x) => (Number.isNaN(x) ? null : String(x)));
    const trainValues = nums.filter((x, i) => isTrain(i) && !Number.isNaN(x));
    const impute =
      pre.missing.numeric === "constant"
        ? pre.missing.numericConstant
        : pre.missing.numeric === "median"
          ? median(trainValues)
          : trainValues.reduce((a, b) => a + b, 0) / (trainValues.length || 1);
    const filled = nums.filter((_, i) => isTrain(i)).map((x) => (Number.isNaN(x) ? impute : x));
    let center = 0;
    let scale = 1;
    if (pre.numericScaling === "standard" && filled.length) {
      center = filled.reduce((a, b) => a + b, 0) / filled.length;
      scale = Math.sqrt(filled.reduce((a, b) => a + (b - center) ** 2, 0) / filled.length) || 1;
    } else if (pre.numericScaling === "minMax" && filled.length) {
      // A loop, not Math.min(...filled): spreading ~120k+ values overflows the call stack.
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of filled) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      center = lo;
      scale = hi - lo || 1;
    }
    return { name: f.name, kind: "numeric", impute, center, scale };
  });

  const width = fitted.reduce((a, f) => a + (f.kind === "numeric" ? 1 : f.categories.length + (f.other ? 1 : 0)), 0);
  const kept = keep.reduce((a, b) => a + b, 0);
  const x = new Float32Array(kept * width);
  const y = new Float32Array(kept);
  const splits = new Uint8Array(kept);
  const classIndex = new Map(dataset.classes.map((c, i) => [c, i]));
  let row = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    let col = 0;
    fitted.forEach((f, k) => {
      const v = raw[k]![i] ?? null;
      if (f.kind === "numeric") {
        const value = v === null ? f.impute : Number(v);
        x[row * width + col++] = (value - f.center) / f.scale;
      } else {
        const value = v ?? f.impute;
        const idx = value === null ? -1 : f.categories.indexOf(value);
        if (idx >= 0) x[row * width + col + idx] = 1;
        else if (f.other && value !== null) x[row * width + col + f.categories.length] = 1;
        col += f.categories.length + (f.other ? 1 : 0);
      }
    });
    const t = targets[i]!;
    y[row] = dataset.taskType === "CLASSIFICATION" ? (classIndex.get(t ?? "") ?? 0) : Number(t);
    splits[row] = options.splits[i]!;
    row++;
  }
  return {
    x,
    inputShape: [width],
    y,
    splits,
    rowCount: kept,
    fitted: {
      kind: "tabular",
      features: fitted,
      dropRowsWithMissing: dropRows,
      target: { column: dataset.targetColumn, classes: dataset.classes },
    },
  };
}

export async function prepareImages(options: {
  filePath: string;
  spec: TConfigSpec;
  splits: Uint8Array;
}): Promise<TPrepared> {
  const { header, labelsOffset, pixelsOffset } = await readImageHeader(options.filePath);
  const bytes = await readFile(options.filePath);
  const size = header.width * header.height * header.channels;
  const n = header.count;
  const x = new Float32Array(n * size);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = bytes.readUInt16LE(labelsOffset + i * 2);
  const normalization = options.spec.preprocessing.image.normalization;
  let mean = 0;
  let std = 255;
  if (normalization === "standard") {
    let sum = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (options.splits[i] !== SPLIT.TRAIN) continue;
      for (let j = 0; j < size; j++) {
        const v = bytes[pixelsOffset + i * size + j]!;
        sum += v;
        sq += v * v;
        count++;
      }
    }
    mean = sum / (count || 1);
    std = Math.sqrt(sq / (count || 1) - mean * mean) || 1;
  } else if (normalization === "none") std = 1;
  for (let j = 0; j < n * size; j++) x[j] = (bytes[pixelsOffset + j]! - mean) / std;
  return {
    x,
    inputShape: [header.height, header.width, header.channels],
    y,
    splits: options.splits,
    rowCount: n,
    fitted: {
      kind: "image",
      width: header.width,
      height: header.height,
      channels: header.channels,
      normalization,
      mean,
      std,
      classes: header.classes,
    },
  };
}
