import type { TDatasetShapeInfo } from "../configs/shapes";
import type { TConfigSpec } from "../configs/spec";
import { SPLIT } from "../datasets/split";
import { fitDatetime, type TFittedDatetime } from "./datetime-features";
import { fitScaling, mean, numericImpute, std } from "./scaling";

/**
 * Fitting a tabular column's encoding and the target's scaling on the kept TRAIN rows (lib/runs/preprocess.ts
 * prepareTabular reads the file, picks the rows and encodes with what is fitted here).
 */
export type TFittedNumeric = { name: string; kind: "numeric"; impute: number; center: number; scale: number };
export type TFittedCategorical = {
  name: string;
  kind: "categorical";
  categories: string[];
  other: boolean;
  impute: string | null;
};
/** center/scale: regression only (absent in preprocessing stored before issue 17, which means identity). */
export type TFittedTarget = { column: string; classes: string[]; center?: number; scale?: number };

/** Fits one column's encoding on the kept train rows (numeric, boolean, categorical or datetime). */
export function fitFeature(
  name: string,
  type: string | undefined,
  data: {
    raw: Map<string, (string | null)[]>;
    numbersOf: (column: string) => Float64Array;
    timesOf: (column: string) => Float64Array;
    isTrain: (i: number) => boolean;
    pre: TConfigSpec["preprocessing"];
  },
): TFittedNumeric | TFittedCategorical | TFittedDatetime {
  const { isTrain, pre } = data;
  if (type === "datetime") return fitDatetime(name, data.timesOf(name), isTrain, pre);
  if (type === "categorical") {
    const trainCounts = new Map<string, number>();
    data.raw
      .get(name)!
      .forEach((v, i) => v !== null && isTrain(i) && trainCounts.set(v, (trainCounts.get(v) ?? 0) + 1));
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
    return { name, kind: "categorical", categories, other, impute };
  }
  const nums = data.numbersOf(name);
  const present: number[] = [];
  nums.forEach((v, i) => isTrain(i) && !Number.isNaN(v) && present.push(v));
  const impute = numericImpute(present, pre);
  const filled: number[] = [];
  nums.forEach((v, i) => isTrain(i) && filled.push(Number.isNaN(v) ? impute : v));
  return { name, kind: "numeric", impute, ...fitScaling(filled, pre.numericScaling) };
}

/**
 * The model's targets per kept row: the class index, or the regression value standardised with the TRAIN rows'
 * mean and std (a price in the thousands then trains like a value near 1: issue 17). Always fitted on this
 * dataset, also when the features reuse a base run's preprocessing.
 */
export function prepareTarget(
  targets: (string | null)[],
  rows: number[],
  allSplits: Uint8Array,
  spec: TConfigSpec,
  dataset: TDatasetShapeInfo,
): { y: Float32Array; target: TFittedTarget } {
  const y = new Float32Array(rows.length);
  if (dataset.taskType === "CLASSIFICATION") {
    const classIndex = new Map(dataset.classes.map((c, i) => [c, i]));
    rows.forEach((i, r) => (y[r] = classIndex.get(targets[i] ?? "") ?? 0));
    return { y, target: { column: dataset.targetColumn, classes: dataset.classes } };
  }
  const values = rows.map((i) => Number(targets[i]));
  let center = 0;
  let scale = 1;
  if (spec.preprocessing.targetScaling === "standard") {
    const train = values.filter((_, r) => allSplits[rows[r]!] === SPLIT.TRAIN);
    center = mean(train);
    scale = std(train, center);
  }
  values.forEach((v, r) => (y[r] = (v - center) / scale));
  return { y, target: { column: dataset.targetColumn, classes: dataset.classes, center, scale } };
}
