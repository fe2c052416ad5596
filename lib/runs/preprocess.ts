import type { TConfigSpec } from "../configs/spec";
import { AppError, type TErrorValues } from "../errors";
import { tabularFeatures, type TDatasetShapeInfo } from "../configs/shapes";
import { readCsv, type TCsvFormat } from "../datasets/csv";
import { presentValue } from "../datasets/profile";
import { readImageHeader } from "../datasets/images";
import { readFile } from "node:fs/promises";
import { SPLIT } from "../datasets/split";
import type { TFittedTokenizer } from "./tokenizer";
import {
  datetimeWidth,
  elapsedValues,
  encodeDatetime,
  fitElapsed,
  parseColumn,
  type TFittedDatetime,
  type TFittedElapsed,
} from "./datetime-features";
import {
  fitFeature,
  prepareTarget,
  type TFittedCategorical,
  type TFittedNumeric,
  type TFittedTarget,
} from "./tabular-fit";

/**
 * Turns a dataset version into model-ready arrays for a config. Everything fitted
 * (means, medians, scales, modes, category vocabularies, image mean and std) comes
 * from the TRAIN rows only and is then applied to all rows: no leakage from
 * validation or test. The fitted parameters are returned so they can be stored with
 * the model (anyone who may see a run may download them, so a value seen only in the
 * hidden test half must never appear there). The class list is the dataset version's
 * (the task's labels, fixed per version so every run's outputs and scores line up).
 */
export type TFittedFeature = TFittedNumeric | TFittedCategorical | TFittedDatetime | TFittedElapsed;

export type TFittedPreprocessing =
  | {
      kind: "tabular";
      features: TFittedFeature[];
      dropRowsWithMissing: boolean;
      target: TFittedTarget;
    }
  | {
      /** A text column as token ids (lib/runs/text-preprocess.ts); the tokenizer is fitted on train rows only. */
      kind: "text";
      column: string;
      tokenizer: TFittedTokenizer;
      /** center/scale: regression only, as for tabular targets. */
      target: { column: string; classes: string[]; center?: number; scale?: number };
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

const BOOL: Record<string, number> = { true: 1, false: 0, yes: 1, no: 0, t: 1, f: 0 };

type TFittedTabular = Extract<TFittedPreprocessing, { kind: "tabular" }>;

/** The encoded width of a fitted feature. */
export function featureWidth(f: TFittedFeature): number {
  switch (f.kind) {
    case "numeric":
    case "elapsed":
      return 1;
    case "categorical":
      return f.categories.length + (f.other ? 1 : 0);
    case "datetime":
      return datetimeWidth(f);
  }
}

/**
 * The target's scaling: predictions are `output * scale + center`. Identity for classification, for
 * `targetScaling: "none"` and for preprocessing stored before issue 17 (no center/scale: they trained on raw targets).
 */
export function targetScaling(fitted: TFittedPreprocessing): { center: number; scale: number } {
  if (fitted.kind === "image") return { center: 0, scale: 1 };
  return { center: fitted.target.center ?? 0, scale: fitted.target.scale ?? 1 };
}

/** The dataset columns a fitted feature reads. */
const sourceColumns = (f: TFittedFeature) => (f.kind === "elapsed" ? [f.from, f.to] : [f.name]);
const list = (names: string[]) => (names.length ? names.join(", ") : "—");

/**
 * A stored preprocessing (fine-tuning's base) must read exactly the columns this dataset and config feed: a
 * missing one cannot be encoded, an extra one would be silently ignored by the base's input layer.
 */
function checkBaseColumns(fitted: TFittedTabular, header: string[], fed: string[]) {
  const stored = new Set(fitted.features.map((f) => f.name)); // elapsed ones by their "to − from" name
  const present = new Set(header);
  const missing = [...new Set(fitted.features.flatMap(sourceColumns))].filter((c) => !present.has(c));
  const extra = fed.filter((c) => !stored.has(c));
  if (missing.length || extra.length)
    throw new DataPreparationError("runErrors.baseColumnsMismatch", { missing: list(missing), extra: list(extra) });
}

/**
 * `fitted`: a stored tabular preprocessing (a base run's, for fine-tuning): applied as is, nothing is fitted from
 * this dataset except the target's scaling (the base's target may be another quantity in other units).
 */
export async function prepareTabular(options: {
  filePath: string;
  format: TCsvFormat;
  spec: TConfigSpec;
  dataset: TDatasetShapeInfo;
  splits: Uint8Array;
  fitted?: TFittedTabular;
}): Promise<TPrepared> {
  const { spec, dataset } = options;
  const pre = spec.preprocessing;
  const schema = new Map((dataset.columns ?? []).map((c) => [c.name, c.type]));
  const fedAll = tabularFeatures(spec, dataset);
  const fed = fedAll.filter((f) => !f.elapsed);
  const elapsedSpecs = pre.datetime.elapsed;
  // The columns read from the file: the features' own, and those of the elapsed-time pairs.
  const columns = options.fitted
    ? [...new Set(options.fitted.features.flatMap(sourceColumns))]
    : [...new Set([...fed.map((f) => f.name), ...elapsedSpecs.flatMap((e) => [e.from, e.to])])];
  let indexes: number[] = [];
  let targetIndex = -1;
  const raw = new Map<string, (string | null)[]>(columns.map((c) => [c, []]));
  const cells = columns.map((c) => raw.get(c)!);
  const targets: (string | null)[] = [];
  await readCsv(options.filePath, options.format, {
    onHeader(header) {
      if (options.fitted)
        checkBaseColumns(
          options.fitted,
          header,
          fedAll.map((f) => f.name),
        );
      else {
        const absent = columns.filter((c) => !header.includes(c));
        if (absent.length) throw new DataPreparationError("runErrors.columnsMissing", { columns: list(absent) });
      }
      indexes = columns.map((c) => header.indexOf(c));
      targetIndex = header.indexOf(dataset.targetColumn);
    },
    onRow(record) {
      for (let k = 0; k < indexes.length; k++) cells[k]!.push(presentValue(record[indexes[k]!]!));
      targets.push(presentValue(record[targetIndex]!));
    },
  });
  const n = targets.length;
  if (n !== options.splits.length)
    throw new DataPreparationError("runErrors.splitMismatch", { rows: n, split: options.splits.length });

  // Datetime columns parsed once (NaN: missing or unreadable), for their own features and for elapsed pairs.
  const times = new Map<string, Float64Array>();
  const timesOf = (column: string) => {
    if (!times.has(column)) times.set(column, parseColumn(raw.get(column)!));
    return times.get(column)!;
  };
  const isDatetime = (name: string) =>
    options.fitted
      ? options.fitted.features.some((f) => f.kind === "datetime" && f.name === name)
      : schema.get(name) === "datetime";
  const isCategorical = (name: string) =>
    options.fitted
      ? options.fitted.features.some((f) => f.kind === "categorical" && f.name === name)
      : schema.get(name) === "categorical";
  const numbers = new Map<string, Float64Array>();
  const numbersOf = (column: string) => {
    if (!numbers.has(column)) {
      const boolean = schema.get(column) === "boolean";
      numbers.set(
        column,
        Float64Array.from(raw.get(column)!, (v) =>
          v === null ? Number.NaN : boolean ? (BOOL[v.toLowerCase()] ?? Number.NaN) : Number(v),
        ),
      );
    }
    return numbers.get(column)!;
  };
  const elapsedOf = (e: { from: string; to: string; unit: TFittedElapsed["unit"] }) =>
    elapsedValues(timesOf(e.from), timesOf(e.to), e.unit);

  const dropRows = pre.missing.numeric === "dropRows" || pre.missing.categorical === "dropRows";
  const keep = new Uint8Array(n).fill(1);
  // Rows without a target value are in no split: nothing is fitted, trained or scored on them.
  for (let i = 0; i < n; i++) if (options.splits[i] === SPLIT.EXCLUDED) keep[i] = 0;
  // Only train and validation rows are dropped: a config must not choose which test rows it is scored on.
  // Test rows with missing values are imputed with the train statistics instead.
  const isTest = (i: number) => options.splits[i] === SPLIT.TEST_PUBLIC || options.splits[i] === SPLIT.TEST_PRIVATE;
  const dropMissing = (missing: (i: number) => boolean) => {
    for (let i = 0; i < n; i++) if (!isTest(i) && missing(i)) keep[i] = 0;
  };
  if (pre.missing.categorical === "dropRows")
    for (const c of columns) if (isCategorical(c)) dropMissing((i) => raw.get(c)![i] === null);
  // Datetime columns and elapsed times count as numeric here; an unreadable datetime is a missing one.
  if (pre.missing.numeric === "dropRows") {
    const featureNames = options.fitted ? options.fitted.features.map((f) => f.name) : fed.map((f) => f.name);
    for (const c of featureNames) {
      if (!raw.has(c) || isCategorical(c)) continue;
      const values = isDatetime(c) ? timesOf(c) : numbersOf(c);
      dropMissing((i) => Number.isNaN(values[i]!));
    }
    const pairs = options.fitted ? options.fitted.features.filter((f) => f.kind === "elapsed") : elapsedSpecs;
    for (const e of pairs) {
      const values = elapsedOf(e);
      dropMissing((i) => Number.isNaN(values[i]!));
    }
  }
  const isTrain = (i: number) => keep[i] === 1 && options.splits[i] === SPLIT.TRAIN;

  const features: TFittedFeature[] = options.fitted?.features ?? [
    ...fed.map((f) => fitFeature(f.name, schema.get(f.name), { raw, numbersOf, timesOf, isTrain, pre })),
    ...elapsedSpecs.map((e) => fitElapsed(e, elapsedOf(e), isTrain, pre)),
  ];

  const width = features.reduce((a, f) => a + featureWidth(f), 0);
  const kept = keep.reduce((a, b) => a + b, 0);
  const x = new Float32Array(kept * width);
  const splits = new Uint8Array(kept);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) rows.push(i);
  let col = 0;
  for (const f of features) {
    if (f.kind === "categorical") {
      const values = raw.get(f.name)!;
      const w = featureWidth(f);
      const index = new Map(f.categories.map((c, k) => [c, k]));
      rows.forEach((i, r) => {
        const value = values[i] ?? f.impute;
        const idx = value === null ? -1 : (index.get(value) ?? -1);
        if (idx >= 0) x[r * width + col + idx] = 1;
        else if (f.other && value !== null) x[r * width + col + f.categories.length] = 1;
      });
      col += w;
    } else if (f.kind === "datetime") {
      const values = timesOf(f.name);
      const row = new Float32Array(datetimeWidth(f));
      rows.forEach((i, r) => {
        encodeDatetime(f, values[i]!, row, 0);
        x.set(row, r * width + col);
      });
      col += row.length;
    } else {
      const values = f.kind === "elapsed" ? elapsedOf(f) : numbersOf(f.name);
      rows.forEach((i, r) => {
        const v = values[i]!;
        x[r * width + col] = ((Number.isNaN(v) ? f.impute : v) - f.center) / f.scale;
      });
      col++;
    }
  }
  rows.forEach((i, r) => (splits[r] = options.splits[i]!));
  const { y, target } = prepareTarget(targets, rows, options.splits, spec, dataset);
  return {
    x,
    inputShape: [width],
    y,
    splits,
    rowCount: kept,
    fitted: { kind: "tabular", features, dropRowsWithMissing: dropRows, target },
  };
}

export async function prepareImages(options: {
  filePath: string;
  spec: TConfigSpec;
  splits: Uint8Array;
  /** A base run's image preprocessing (fine-tuning): its normalisation is reused and its image size required. */
  fitted?: Extract<TFittedPreprocessing, { kind: "image" }>;
}): Promise<TPrepared> {
  const { header, labelsOffset, pixelsOffset } = await readImageHeader(options.filePath);
  const base = options.fitted;
  if (base && (base.width !== header.width || base.height !== header.height || base.channels !== header.channels))
    throw new DataPreparationError("runErrors.baseInputMismatch", {
      base: `${base.height}×${base.width}×${base.channels}`,
      got: `${header.height}×${header.width}×${header.channels}`,
    });
  const bytes = await readFile(options.filePath);
  const size = header.width * header.height * header.channels;
  const n = header.count;
  const x = new Float32Array(n * size);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = bytes.readUInt16LE(labelsOffset + i * 2);
  const normalization = base ? base.normalization : options.spec.preprocessing.image.normalization;
  let mean = 0;
  let std = 255;
  if (base) {
    mean = base.mean;
    std = base.std;
  } else if (normalization === "standard") {
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
