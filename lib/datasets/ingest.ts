import { readCsv, sniffFormat, type TCsvFormat } from "./csv";
import { DatasetInputError } from "./errors";
import { ColumnStats, presentValue, topValues, type TColumnProfile, type TColumnSchema } from "./profile";
import { countSplit, seedFromSha256, SPLIT, splitRows, type TSplitCounts } from "./split";

export const MAX_CLASSES = 1000;

export type TTabularProfile = {
  rowCount: number;
  columns: TColumnProfile[];
  target: { column: string; classBalance: { value: string; count: number }[] | null };
};

export type TTabularIngest = {
  format: TCsvFormat & { kind: "csv" };
  header: string[];
  rowCount: number;
  schema: TColumnSchema[];
  classes: string[];
  splitSeed: number;
  assignments: Uint8Array;
  splitCounts: TSplitCounts;
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
  profile: boolean;
  onProgress?: (bytesRead: number) => void;
}): Promise<TTabularIngest> {
  const format = await sniffFormat(options.filePath, options.fileName);
  let stats: ColumnStats[] = [];
  let targetIndex = -1;
  const classIndex = new Map<string, number>();
  const labels = new IntList();
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
      // The full profile is computed afterwards, without the private test half (see below).
      stats = names.map((n, i) => new ColumnStats(n, false, i + 1));
    },
    onRow(record, recordNumber) {
      for (let i = 0; i < record.length; i++) stats[i]!.add(record[i]!);
      const raw = record[targetIndex]!;
      const value = presentValue(raw);
      if (value === null) throw new DatasetInputError("target.empty", { column: header_(), record: recordNumber });
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

  if (options.taskType === "CLASSIFICATION" && classIndex.size < 2) {
    throw new DatasetInputError("target.oneClass", { column: header_(), value: [...classIndex.keys()][0] ?? "" });
  }

  // Classes in a stable, readable order (sorted), independent of row order.
  const classes = [...classIndex.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const remap = new Int32Array(classIndex.size);
  for (const [value, idx] of classIndex) remap[idx] = classes.indexOf(value);
  const strata = labels.view().map((i) => (options.taskType === "CLASSIFICATION" ? remap[i]! : 0));

  const splitSeed = seedFromSha256(options.sha256);
  const assignments = splitRows(strata, splitSeed);
  const schema = stats.map((s) => s.schema());
  return {
    format: { ...format, kind: "csv" },
    header,
    rowCount,
    schema,
    classes: options.taskType === "CLASSIFICATION" ? classes : [],
    splitSeed,
    assignments,
    splitCounts: countSplit(assignments),
    // A second read of a small file: the profile is shown to everyone, so it leaves out the private test half's
    // rows, which only the dataset owner may see before the reveal (lib/permissions/hidden-half.ts).
    profile: options.profile
      ? await profileTabular({
          filePath: options.filePath,
          format,
          targetColumn: header_(),
          taskType: options.taskType,
          split: assignments,
        })
      : null,
  };
}

function buildProfile(stats: ColumnStats[], rowCount: number, targetColumn: string, taskType: string): TTabularProfile {
  const target = stats.find((s) => s.name === targetColumn);
  return {
    rowCount,
    columns: stats.map((s) => s.profile()),
    target: {
      column: targetColumn,
      classBalance: taskType === "CLASSIFICATION" && target ? topValues(target.counts, MAX_CLASSES) : null,
    },
  };
}

/**
 * The full profile of a stored CSV (the worker's profile job, or after the upload pass for small files), over the
 * rows of every split but the private test half: the profile is public, the private half is not.
 */
export async function profileTabular(options: {
  filePath: string;
  format: TCsvFormat;
  targetColumn: string;
  taskType: string;
  /** The version's split: rows assigned to the private test half are left out. */
  split: Uint8Array;
  onProgress?: (bytesRead: number) => void;
}): Promise<TTabularProfile> {
  let stats: ColumnStats[] = [];
  let row = 0;
  let profiled = 0;
  await readCsv(options.filePath, options.format, {
    onProgress: options.onProgress,
    onHeader: (names) => (stats = names.map((n, i) => new ColumnStats(n, true, i + 1))),
    onRow(record) {
      if (options.split[row++] === SPLIT.TEST_PRIVATE) return;
      profiled++;
      for (let i = 0; i < record.length; i++) stats[i]!.add(record[i]!);
    },
  });
  return buildProfile(stats, profiled, options.targetColumn, options.taskType);
}
