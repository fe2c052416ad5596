import type { TConfigSpec } from "../configs/spec";
import {
  CYCLIC_PARTS,
  cyclicFraction,
  cyclicPair,
  daysSinceEpoch,
  ELAPSED_UNIT_MS,
  parseDatetime,
  type TCyclicPart,
} from "./datetime";
import { fitScaling, mean, median, numericImpute } from "./scaling";

type TPre = TConfigSpec["preprocessing"];
type TUnit = keyof typeof ELAPSED_UNIT_MS;

/**
 * A datetime column, fitted on train rows. `parts`: the cyclic parts kept (each a sin and a cos column), in
 * CYCLIC_PARTS order; `timestamp`: the scaling of days since 1970, or null when not asked for or constant.
 * A part whose value is the same on every present train value (the hour of date-only values, the month of a single
 * month's data) is dropped here, so it adds no dead columns; the decision is stored, so a reuse of this
 * preprocessing (fine-tuning) gives the same columns. `impute`: milliseconds since 1970 standing in for a missing
 * (or unreadable) value — the train median with the "median" strategy, else the train mean (a constant makes no
 * sense for a date) — and its cyclic parts are derived from it like any other value's.
 */
export type TFittedDatetime = {
  name: string;
  kind: "datetime";
  impute: number;
  parts: TCyclicPart[];
  timestamp: { center: number; scale: number } | null;
};

/** The time from column `from` to column `to` in `unit`, imputed and scaled like a numeric column. */
export type TFittedElapsed = {
  name: string;
  kind: "elapsed";
  from: string;
  to: string;
  unit: TUnit;
  impute: number;
  center: number;
  scale: number;
};

export const elapsedName = (e: { from: string; to: string }) => `${e.to} − ${e.from}`;

/** Milliseconds since 1970 per row, NaN where the value is missing or not a datetime. */
export function parseColumn(values: (string | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  values.forEach((v, i) => (out[i] = v === null ? Number.NaN : (parseDatetime(v) ?? Number.NaN)));
  return out;
}

const isConstant = (values: number[]) => values.every((v) => Math.abs(v - values[0]!) < 1e-12);

export function fitDatetime(name: string, ms: Float64Array, isTrain: (i: number) => boolean, pre: TPre) {
  const present: number[] = [];
  ms.forEach((v, i) => !Number.isNaN(v) && isTrain(i) && present.push(v));
  const impute = pre.missing.numeric === "median" ? median(present) : mean(present);
  const wanted = new Set(pre.datetime.features);
  // No present train value: every part is constant (all imputed), so the column adds nothing.
  const varies = (f: (v: number) => number) => present.length > 0 && !isConstant(present.map(f));
  const parts = CYCLIC_PARTS.filter((p) => wanted.has(p) && varies((v) => cyclicFraction(v, p)));
  let timestamp: TFittedDatetime["timestamp"] = null;
  if (wanted.has("timestamp") && varies((v) => v)) {
    const filled: number[] = [];
    ms.forEach((v, i) => isTrain(i) && filled.push(daysSinceEpoch(Number.isNaN(v) ? impute : v)));
    timestamp = fitScaling(filled, pre.numericScaling);
  }
  return { name, kind: "datetime", impute, parts, timestamp } satisfies TFittedDatetime;
}

export function elapsedValues(from: Float64Array, to: Float64Array, unit: TUnit): Float64Array {
  const out = new Float64Array(from.length);
  for (let i = 0; i < from.length; i++) out[i] = (to[i]! - from[i]!) / ELAPSED_UNIT_MS[unit]; // NaN if either is
  return out;
}

export function fitElapsed(
  spec: { from: string; to: string; unit: TUnit },
  values: Float64Array,
  isTrain: (i: number) => boolean,
  pre: TPre,
): TFittedElapsed {
  const present: number[] = [];
  values.forEach((v, i) => !Number.isNaN(v) && isTrain(i) && present.push(v));
  const impute = numericImpute(present, pre);
  const filled: number[] = [];
  values.forEach((v, i) => isTrain(i) && filled.push(Number.isNaN(v) ? impute : v));
  const { center, scale } = fitScaling(filled, pre.numericScaling);
  return { name: elapsedName(spec), kind: "elapsed", ...spec, impute, center, scale };
}

export const datetimeWidth = (f: TFittedDatetime) => f.parts.length * 2 + (f.timestamp ? 1 : 0);

/** Writes the encoded columns of one value (NaN: missing) at `at`; returns the next column. */
export function encodeDatetime(f: TFittedDatetime, value: number, out: Float32Array, at: number): number {
  const ms = Number.isNaN(value) ? f.impute : value;
  let col = at;
  if (f.timestamp) out[col++] = (daysSinceEpoch(ms) - f.timestamp.center) / f.timestamp.scale;
  for (const part of f.parts) {
    const [sin, cos] = cyclicPair(ms, part);
    out[col++] = sin;
    out[col++] = cos;
  }
  return col;
}
