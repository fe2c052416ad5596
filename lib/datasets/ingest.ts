import { resolveColumnTypes, rowTypeCheck } from "./column-types";
import { linesOfRecords, readCsv, sniffFormat, type TCsvFormat } from "./csv";
import { DatasetInputError } from "./errors";
import { ColumnStats, presentValue, type TColumnProfile, type TColumnSchema, type TColumnType } from "./profile";
import type { TColumnTypes } from "./schemas";
import { topValues } from "./stats";
import { countSplit, EXCLUDED_STRATUM, seedFromSha256, SPLIT, splitRows, type TSplitCounts } from "./split";
import { ColumnChecks, type TColumnWarning } from "./warnings";

export const MAX_CLASSES = 1000;
/** How many line numbers of rows without a target a version keeps, for its notice ("lines 9, 14, 30 …"). */
export const EXCLUDED_LINES_KEPT = 10;

export type TTabularProfile = {
  rowCount: number;
  columns: TColumnProfile[];
  target: { column: string; classBalance: { value: string; count: number }[] | null };
  /** Columns that leak the target, never vary or identify rows (train rows only); absent from older profiles. */
  warnings?: TColumnWarning[];
};

/** Rows whose target is empty: stored, in no split (SPLIT.EXCLUDED); the count and the first lines, for the notice. */
export type TExcludedRows = { count: number; lines: number[] };

export type TTabularIngest = {
  format: TCsvFormat & { kind: "csv" };
  header: string[];
  rowCount: number;
  schema: TColumnSchema[];
  classes: string[];
  splitSeed: number;
  assignments: Uint8Array;
  splitCounts: TSplitCounts;
  excluded: TExcludedRows;
  /** Present when profiled inline (small files); otherwise the worker's profile job fills it in. */
  profile: TTabularProfile | null;
};

/** Growable typed array for per-row class indices (1M rows = 4 MB). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view() {
    return this.data.subarray(0, this.length);
  }
}

/**
 * The upload-time pass over a CSV: validates it, infers the schema, checks the
 * target for the task, and fixes the split — all in one streaming read. With
 * `profile: true` it also computes the full profile (used for small files).
 */
export async function ingestTabular(options: {
  filePath: string;
  fileName: string;
  sha256: string;
  targetColumn: string;
  taskType: "CLASSIFICATION" | "REGRESSION";
  /** Types the uploader chose for some columns (by header name); checked against every value. */
  columnTypes?: TColumnTypes;
  profile: boolean;
  onProgress?: (bytesRead: number) => void;
}): Promise<TTabularIngest> {
  const format = await sniffFormat(options.filePath, options.fileName);
  let stats: ColumnStats[] = [];
  let targetIndex = -1;
  let checkTypes: ReturnType<typeof rowTypeCheck> = null;
  const chosenTypes: Record<string, TColumnType> = {};
  const classIndex = new Map<string, number>();
  const labels = new IntList();
  const excludedRecords: number[] = [];
  let excludedCount = 0;
  const target = options.targetColumn.trim();
  if (!target) throw new DatasetInputError("target.required");

  const { header, rowCount } = await readCsv(options.filePath, format, {
    onProgress: options.onProgress,
    onHeader(names) {
      targetIndex = names.findIndex((n) => n === target);
      if (targetIndex === -1) targetIndex = names.findIndex((n) => n.toLowerCase() === target.toLowerCase());
      if (targetIndex === -1) {
        throw new DatasetInputError("target.missing", { column: target, columns: names.slice(0, 30).join(", ") });
      }
      const types = resolveColumnTypes(names, options.columnTypes ?? {}, {
        index: targetIndex,
        taskType: options.taskType,
      });
      types.forEach((type, i) => type && (chosenTypes[names[i]!] = type));
      checkTypes = rowTypeCheck(names, types);
      // The full profile is computed afterwards, without the private test half (see below).
      stats = names.map((n, i) => new ColumnStats(n, false, i + 1, types[i]));
    },
    onRow(record, recordNumber) {
      checkTypes?.(record, recordNumber);
      for (let i = 0; i < record.length; i++) stats[i]!.add(record[i]!);
      const raw = record[targetIndex]!;
      const value = presentValue(raw);
      if (value === null) {
        // Kept, in no split: one unlabelled row no longer refuses a whole file (Kaggle's test.csv-style gaps).
        if (excludedRecords.length < EXCLUDED_LINES_KEPT) excludedRecords.push(recordNumber);
        excludedCount++;
        labels.push(EXCLUDED_STRATUM);
        return;
      }
      if (options.taskType === "REGRESSION") {
        if (!Number.isFinite(Number(value)))
          throw new DatasetInputError("target.notNumeric", {
            column: header_(),
            record: recordNumber,
            value: raw.slice(0, 40),
          });
        labels.push(0);
      } else {
        let idx = classIndex.get(value);
        if (idx === undefined) {
          if (classIndex.size >= MAX_CLASSES)
            throw new DatasetInputError("target.tooManyClasses", {
              column: header_(),
              max: MAX_CLASSES,
              record: recordNumber,
            });
          idx = classIndex.size;
          classIndex.set(value, idx);
        }
        labels.push(idx);
      }
    },
  });
  function header_() {
    return stats[targetIndex]?.name ?? target;
  }

  if (excludedCount === rowCount) throw new DatasetInputError("target.allEmpty", { column: header_(), rows: rowCount });
  if (options.taskType === "CLASSIFICATION" && classIndex.size < 2) {
    throw new DatasetInputError("target.oneClass", { column: header_(), value: [...classIndex.keys()][0] ?? "" });
  }

  // Classes in a stable, readable order (sorted), independent of row order.
  const classes = [...classIndex.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const remap = new Int32Array(classIndex.size);
  for (const [value, idx] of classIndex) remap[idx] = classes.indexOf(value);
  const strata = labels
    .view()
    .map((i) => (i === EXCLUDED_STRATUM ? i : options.taskType === "CLASSIFICATION" ? remap[i]! : 0));

  const splitSeed = seedFromSha256(options.sha256);
  const assignments = splitRows(strata, splitSeed);
  const splitCounts = countSplit(assignments);
  // With rows left out, what is left must still give every part of the split a row; a file without gaps is taken
  // as it always was, however small.
  if (excludedCount > 0 && (!splitCounts.train || !splitCounts.validation || !splitCounts.testPublic)) {
    throw new DatasetInputError("target.tooFewLabelled", {
      column: header_(),
      labelled: rowCount - excludedCount,
      excluded: excludedCount,
    });
  }
  const lines = excludedRecords.length
    ? await linesOfRecords(options.filePath, format, excludedRecords)
    : new Map<number, number>();
  const schema = stats.map((s) => s.schema());
  return {
    format: { ...format, kind: "csv" },
    header,
    rowCount,
    schema,
    classes: options.taskType === "CLASSIFICATION" ? classes : [],
    splitSeed,
    assignments,
    splitCounts,
    excluded: { count: excludedCount, lines: excludedRecords.map((r) => lines.get(r)!) },
    // A second read of a small file: the profile is shown to everyone, so it leaves out the private test half's
    // rows, which only the dataset owner may see before the reveal (lib/permissions/hidden-half.ts).
    profile: options.profile
      ? await profileTabular({
          filePath: options.filePath,
          format,
          targetColumn: header_(),
          taskType: options.taskType,
          split: assignments,
          columnTypes: chosenTypes,
        })
      : null,
  };
}

function buildProfile(
  stats: ColumnStats[],
  rowCount: number,
  targetColumn: string,
  taskType: string,
  checks: ColumnChecks | null,
): TTabularProfile {
  const target = stats.find((s) => s.name === targetColumn);
  const columns = stats.map((s) => s.profile());
  return {
    rowCount,
    columns,
    target: {
      column: targetColumn,
      classBalance: taskType === "CLASSIFICATION" && target ? topValues(target.counts, MAX_CLASSES) : null,
    },
    warnings: checks?.warnings(new Map(columns.map((c) => [c.name, c.type]))) ?? [],
  };
}

/**
 * The full profile of a stored CSV (the worker's profile job, or after the upload pass for small files), over the
 * rows of every split but the private test half: the profile is public, the private half is not. Its column
 * warnings (lib/datasets/warnings.ts) look at the train rows only.
 */
export async function profileTabular(options: {
  filePath: string;
  format: TCsvFormat;
  targetColumn: string;
  taskType: string;
  /** The version's split: rows assigned to the private test half are left out. */
  split: Uint8Array;
  /** Types chosen at upload, by column name (already checked against the values); other columns are inferred. */
  columnTypes?: Record<string, TColumnType>;
  onProgress?: (bytesRead: number) => void;
}): Promise<TTabularProfile> {
  let stats: ColumnStats[] = [];
  let checks: ColumnChecks | null = null;
  let row = 0;
  let profiled = 0;
  await readCsv(options.filePath, options.format, {
    onProgress: options.onProgress,
    onHeader(names) {
      stats = names.map((n, i) => new ColumnStats(n, true, i + 1, options.columnTypes?.[n] ?? null));
      const targetIndex = names.indexOf(options.targetColumn);
      if (targetIndex !== -1) checks = new ColumnChecks(names, targetIndex, options.taskType);
    },
    onRow(record) {
      const split = options.split[row++];
      if (split === SPLIT.TEST_PRIVATE) return;
      profiled++;
      for (let i = 0; i < record.length; i++) stats[i]!.add(record[i]!);
      if (split === SPLIT.TRAIN) checks?.add(record);
    },
  });
  return buildProfile(stats, profiled, options.targetColumn, options.taskType, checks);
}
