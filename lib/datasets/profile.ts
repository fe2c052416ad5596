import { mulberry32 } from "../random";
import { histogram, quantile, topValues } from "./stats";
import { TextSample, type TTextProfile } from "./text-profile";

/**
 * Per-column statistics, computed in one streaming pass with bounded memory:
 * exact counts, min/max/mean/std (Welford), and a uniform reservoir sample for
 * quantiles and the histogram shape (exact for up to RESERVOIR_SIZE rows).
 */
export const COLUMN_TYPES = ["numeric", "categorical", "boolean", "datetime", "text"] as const;
export type TColumnType = (typeof COLUMN_TYPES)[number];

export const MISSING_TOKENS = new Set(["", "na", "n/a", "nan", "null", "none", "?", "-"]);
const MAX_MISSING_TOKEN = 4;

/**
 * The cell's value without surrounding whitespace, or null when it is missing.
 * Hot path (every cell of every upload): trims and lower-cases only when needed.
 */
export function presentValue(raw: string): string | null {
  const len = raw.length;
  if (len === 0) return null;
  const value = raw.charCodeAt(0) <= 32 || raw.charCodeAt(len - 1) <= 32 ? raw.trim() : raw;
  if (value.length <= MAX_MISSING_TOKEN && MISSING_TOKENS.has(value.toLowerCase())) return null;
  return value;
}

const BOOLEANS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, t: true, f: false };
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const DISTINCT_CAP = 10_000;
export const RESERVOIR_SIZE = 20_000;
export const TOP_VALUES = 10;

export type TColumnSchema = {
  name: string;
  /** What the column is used as: the uploader's choice when they set one, else the inferred type. */
  type: TColumnType;
  /** Present only when the uploader set a type that differs from what the upload inferred (issue 17). */
  inferredType?: TColumnType;
  missing: number;
  distinct: number;
  distinctCapped: boolean;
};

export type TColumnProfile = TColumnSchema & {
  numeric?: {
    min: number;
    max: number;
    mean: number;
    std: number;
    quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number };
    histogram: { edges: number[]; counts: number[] };
  };
  top?: { value: string; count: number }[];
  boolean?: { true: number; false: number };
  datetime?: { min: string; max: string };
  /** Categorical columns: lengths only; text columns also the length histogram, tokens and scripts. */
  text?: { meanLength: number; maxLength: number } & Partial<TTextProfile>;
};

/** Whether a present (trimmed, not missing) value can be read as `type`: what a type chosen at upload must meet. */
export function conformsTo(type: TColumnType, value: string): boolean {
  if (type === "numeric") return Number.isFinite(Number(value));
  if (type === "boolean") return BOOLEANS[value.toLowerCase()] !== undefined;
  if (type === "datetime") return DATETIME_RE.test(value) && !Number.isNaN(Date.parse(value));
  return true;
}

export class ColumnStats {
  present = 0;
  missing = 0;
  private numericCount = 0;
  private boolCount = 0;
  private dateCount = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private minDate = "";
  private maxDate = "";
  private lengthSum = 0;
  private maxLength = 0;
  private trues = 0;
  /** Full profiles of columns that may end up text: a sample of values for tokens and scripts, and every length. */
  private textSample: TextSample | null = null;
  readonly counts = new Map<string, number>();
  distinctCapped = false;
  /** Grows with the values seen (up to RESERVOIR_SIZE): a wide table with few rows must not cost 160 KB per column. */
  private reservoir: Float64Array | null = null;
  private seen = 0;
  private readonly random: () => number;

  constructor(
    readonly name: string,
    /** full: also sample values for quantiles/histograms (the profile job); off for the upload check. */
    readonly full: boolean,
    private readonly seed = 1,
    /** The type the uploader chose (validated against every value beforehand), else null: inferred. */
    readonly typeOverride: TColumnType | null = null,
  ) {
    this.random = mulberry32(seed);
  }

  /** Text statistics, kept only for a full profile of a column not set to another type. */
  private addText(value: string) {
    this.lengthSum += value.length;
    if (value.length > this.maxLength) this.maxLength = value.length;
    if (!this.full || (this.typeOverride !== null && this.typeOverride !== "text")) return;
    (this.textSample ??= new TextSample(this.seed)).add(value);
  }

  add(raw: string) {
    const value = presentValue(raw);
    if (value === null) {
      this.missing++;
      return;
    }
    this.present++;
    const n = Number(value);
    if (Number.isFinite(n)) {
      // Past the cap, a numeric value's count serves nothing shown (numeric
      // columns show a histogram, not top values), so skip the Map: it was the
      // largest cost of the upload pass on wide numeric tables.
      if (!this.distinctCapped) this.count(value);
      this.numericCount++;
      const delta = n - this.mean;
      this.mean += delta / this.numericCount;
      this.m2 += delta * (n - this.mean);
      if (n < this.min) this.min = n;
      if (n > this.max) this.max = n;
      if (this.full) {
        if (this.seen < RESERVOIR_SIZE) this.sampleSlot()[this.seen] = n;
        else {
          const j = Math.floor(this.random() * (this.seen + 1));
          if (j < RESERVOIR_SIZE) this.reservoir![j] = n;
        }
        this.seen++;
      }
      // A numeric-looking column set to text (zip codes, ids) gets the text profile of all its values.
      if (this.typeOverride === "text") this.addText(value);
      return;
    }
    this.count(value);
    const bool = BOOLEANS[value.toLowerCase()];
    if (bool !== undefined) {
      this.boolCount++;
      if (bool) this.trues++;
    } else if (DATETIME_RE.test(value) && !Number.isNaN(Date.parse(value))) {
      this.dateCount++;
      if (!this.minDate || value < this.minDate) this.minDate = value;
      if (!this.maxDate || value > this.maxDate) this.maxDate = value;
    }
    this.addText(value);
  }

  /** The reservoir, grown (doubling) so that index `seen` fits. */
  private sampleSlot(): Float64Array {
    const current = this.reservoir;
    if (current && this.seen < current.length) return current;
    const next = new Float64Array(Math.min(RESERVOIR_SIZE, Math.max(64, (current?.length ?? 0) * 2)));
    if (current) next.set(current);
    this.reservoir = next;
    return next;
  }

  private count(value: string) {
    const known = this.counts.get(value);
    if (known !== undefined) this.counts.set(value, known + 1);
    else if (this.counts.size < DISTINCT_CAP) this.counts.set(value, 1);
    else this.distinctCapped = true;
  }

  get type(): TColumnType {
    return this.typeOverride ?? this.inferredType;
  }

  get inferredType(): TColumnType {
    if (this.present === 0) return "text";
    if (this.numericCount === this.present) return "numeric";
    if (this.boolCount === this.present) return "boolean";
    if (this.dateCount === this.present) return "datetime";
    const categoricalLimit = Math.max(50, Math.ceil(this.present * 0.05));
    return !this.distinctCapped && this.counts.size <= categoricalLimit ? "categorical" : "text";
  }

  schema(): TColumnSchema {
    const inferred = this.inferredType;
    return {
      name: this.name,
      type: this.type,
      ...(this.type !== inferred ? { inferredType: inferred } : {}),
      missing: this.missing,
      distinct: this.counts.size,
      distinctCapped: this.distinctCapped,
    };
  }

  profile(): TColumnProfile {
    const base: TColumnProfile = this.schema();
    const type = base.type;
    if (type === "numeric" && this.numericCount > 0) {
      const sample = this.reservoir
        ? this.reservoir.slice(0, Math.min(this.seen, RESERVOIR_SIZE)).sort()
        : new Float64Array();
      base.numeric = {
        min: this.min,
        max: this.max,
        mean: this.mean,
        std: this.numericCount > 1 ? Math.sqrt(this.m2 / (this.numericCount - 1)) : 0,
        quantiles: {
          p5: quantile(sample, 0.05),
          p25: quantile(sample, 0.25),
          p50: quantile(sample, 0.5),
          p75: quantile(sample, 0.75),
          p95: quantile(sample, 0.95),
        },
        histogram: histogram(sample, this.min, this.max, this.numericCount),
      };
    }
    if (type === "categorical" || type === "text" || type === "boolean") base.top = topValues(this.counts, TOP_VALUES);
    if (type === "boolean") base.boolean = { true: this.trues, false: this.present - this.trues };
    if (type === "datetime") base.datetime = { min: this.minDate, max: this.maxDate };
    if (type === "text" || type === "categorical") {
      base.text = { meanLength: this.present ? this.lengthSum / this.present : 0, maxLength: this.maxLength };
      if (type === "text" && this.textSample) base.text = { ...base.text, ...this.textSample.profile() };
    }
    return base;
  }
}
