import type { TConfigSpec } from "../configs/spec";
import type { TDatasetShapeInfo } from "../configs/shapes";
import { readCsv, type TCsvFormat } from "../datasets/csv";
import { presentValue } from "../datasets/profile";
import { SPLIT } from "../datasets/split";
import { DataPreparationError, type TFittedPreprocessing, type TPrepared } from "./preprocess";
import { mean, std } from "./scaling";
import { encodeText, fitTokenizer, tokenIndex } from "./tokenizer";

export type TFittedText = Extract<TFittedPreprocessing, { kind: "text" }>;

const list = (names: string[]) => (names.length ? names.join(", ") : "—");

/**
 * A text column as token ids (issue 17): x is [rows, maxLength] ids as floats (the embedding casts them), y the
 * class index or the raw regression target, splits as stored minus the EXCLUDED rows. The tokenizer is fitted on the
 * TRAIN rows only, or reused from `fitted` (a base run's, for fine-tuning), in which case the base's column must be
 * the one this config reads.
 */
export async function prepareText(options: {
  filePath: string;
  format: TCsvFormat;
  spec: TConfigSpec;
  dataset: TDatasetShapeInfo;
  splits: Uint8Array;
  fitted?: TFittedText;
}): Promise<TPrepared> {
  const { spec, dataset, fitted } = options;
  const text = spec.preprocessing.text;
  if (!text) throw new Error("prepareText needs spec.preprocessing.text");
  const column = fitted ? fitted.column : text.column;
  let columnIndex = -1;
  let targetIndex = -1;
  const values: (string | null)[] = [];
  const targets: (string | null)[] = [];
  await readCsv(options.filePath, options.format, {
    onHeader(header) {
      columnIndex = header.indexOf(column);
      targetIndex = header.indexOf(dataset.targetColumn);
      if (fitted && (columnIndex < 0 || fitted.column !== text.column))
        throw new DataPreparationError("runErrors.baseColumnsMismatch", {
          missing: list(columnIndex < 0 ? [fitted.column] : []),
          extra: list(fitted.column !== text.column ? [text.column] : []),
        });
      if (columnIndex < 0) throw new DataPreparationError("runErrors.columnsMissing", { columns: column });
    },
    onRow(record) {
      values.push(presentValue(record[columnIndex] ?? ""));
      targets.push(presentValue(record[targetIndex] ?? ""));
    },
  });
  const n = targets.length;
  if (n !== options.splits.length)
    throw new DataPreparationError("runErrors.splitMismatch", { rows: n, split: options.splits.length });

  // Rows without a target are in no split: nothing is fitted, trained or scored on them (as in prepareTabular).
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (options.splits[i] !== SPLIT.EXCLUDED) rows.push(i);
  const tokenizer =
    fitted?.tokenizer ??
    fitTokenizer(
      rows.filter((i) => options.splits[i] === SPLIT.TRAIN && values[i] !== null).map((i) => values[i]!),
      text,
    );
  const index = tokenIndex(tokenizer);
  const width = tokenizer.maxLength;
  const x = new Float32Array(rows.length * width);
  const y = new Float32Array(rows.length);
  const splits = new Uint8Array(rows.length);
  const classIndex = new Map(dataset.classes.map((c, k) => [c, k]));
  rows.forEach((i, r) => {
    encodeText(tokenizer, index, values[i] ?? null, x, r * width);
    const t = targets[i] ?? "";
    y[r] = dataset.taskType === "CLASSIFICATION" ? (classIndex.get(t) ?? 0) : Number(t);
    splits[r] = options.splits[i]!;
  });
  const target = {
    column: dataset.targetColumn,
    classes: dataset.classes,
    ...regressionScaling(y, splits, spec, dataset),
  };
  return {
    x,
    inputShape: [width],
    y,
    splits,
    rowCount: rows.length,
    fitted: {
      kind: "text",
      column,
      tokenizer,
      target,
    },
  };
}

/**
 * Regression targets standardised with the TRAIN rows' mean and std, as prepareTabular does (predictions are
 * un-scaled through targetScaling()); `y` is scaled in place. Always fitted on this dataset, also with a base's
 * tokenizer. Nothing for classification.
 */
function regressionScaling(y: Float32Array, splits: Uint8Array, spec: TConfigSpec, dataset: TDatasetShapeInfo) {
  if (dataset.taskType !== "REGRESSION" || spec.preprocessing.targetScaling !== "standard") return {};
  const train = y.filter((_, r) => splits[r] === SPLIT.TRAIN);
  const center = mean(train);
  const scale = std(train, center);
  for (let r = 0; r < y.length; r++) y[r] = (y[r]! - center) / scale;
  return { center, scale };
}

/** The embedding's input size for a prepared text model: the fitted vocabulary's (padding and OOV included). */
export function vocabularySizeOf(fitted: TFittedPreprocessing): number | undefined {
  return fitted.kind === "text" ? fitted.tokenizer.vocabulary.length : undefined;
}
