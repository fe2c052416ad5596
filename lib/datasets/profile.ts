import { mulberry32 } from "../random";

/**
 * Per-column statistics, computed in one streaming pass with bounded memory:
 * exact counts, min/max/mean/std (Welford), and a uniform reservoir sample for
 * quantiles and the histogram shape (exact for up to RESERVOIR_SIZE rows).
 */
export type TColumnType = "numeric" | "categorical" | "boolean" | "datetime" | "text";

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
export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;

export type TColumnSchema = {
  name: string;
  type: TColumnType;
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
  text?: { meanLength: number; maxLength: number };
};

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
    seed = 1,
  ) {
    this.random = mulberry32(seed);
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
    this.lengthSum += value.length;
    if (value.length > this.maxLength) this.maxLength = value.length;
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
    if (this.present === 0) return "text";
    if (this.numericCount === this.present) return "numeric";
    if (this.boolCount === this.present) return "boolean";
    if (this.dateCount === this.present) return "datetime";
    const categoricalLimit = Math.max(50, Math.ceil(this.present * 0.05));
    return !this.distinctCapped && this.counts.size <= categoricalLimit ? "categorical" : "text";
  }

  schema(): TColumnSchema {
    return {
      name: this.name,
      type: this.type,
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
    }
    return base;
  }
}

/** Linear-interpolated quantile of sorted values (numpy's default method). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Equal-width bins over [min, max]; sample counts scaled to the column's true count. */
export function histogram(sample: Float64Array, min: number, max: number, total: number) {
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of sample) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))]!++;
  const scale = sample.length ? total / sample.length : 0;
  return { edges, counts: scale === 1 ? counts : counts.map((c) => Math.round(c * scale)) };
}

export function topValues(counts: Map<string, number>, n: number) {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}
