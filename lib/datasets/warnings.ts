import { presentValue, type TColumnType } from "./profile";

/**
 * Data-quality warnings shown with a version's profile: columns that give the target away (a leak: the model scores
 * well here and fails on new data), never vary, or identify rows (a model memorises them). Computed on the TRAIN
 * rows only, in the profile's streaming pass, with bounded memory per column. Only columns the model can be fed
 * (spec version 1 encodes numeric, boolean and categorical columns; lib/configs/shapes.ts) get a leak or ID warning;
 * each suggests `preprocessing.excludeColumns` in the config.
 */
export type TColumnWarning =
  /** Each value of the column goes with one target value on (almost) every train row; `share` of rows it predicts. */
  | { kind: "leak"; column: string; how: "mapping"; share: number }
  /** Numeric target: |Pearson correlation| with the target of at least LEAK_CORRELATION. */
  | { kind: "leak"; column: string; how: "correlation"; correlation: number }
  /** One value (or none: empty) on every train row. */
  | { kind: "constant"; column: string; value: string | null }
  /** A different value on every train row, like a row number or a passenger id. */
  | { kind: "idLike"; column: string };

/** Fewer train rows than this and a column can map onto the target by chance: no leak or ID warnings. */
export const WARNING_MIN_ROWS = 30;
export const LEAK_CORRELATION = 0.99;
/** A mapping leak may get at most this share of train rows wrong… */
const LEAK_MAX_ERROR = 0.01;
/** …and must remove at least 90% of the errors of always guessing the most frequent class (imbalanced targets). */
const LEAK_MIN_GAIN = 0.9;
/** A column whose values average fewer rows than this each maps onto anything: left to the ID check. */
const LEAK_MIN_ROWS_PER_VALUE = 5;
/** Past this many distinct values a column is no mapping check's business (and its table would only grow). */
const LEAK_MAX_DISTINCT = 1000;
/** Uniqueness is tracked by hash up to this many values; past it, later values are only checked against those. */
const ID_TRACK_CAP = 20_000;
const ID_NAME =
  /(^|[_\s.-])(id|uuid|guid|index|idx|key|row|rownum)$|^(id|uuid|guid|index|idx|rownum)$|[a-z0-9]Id$|[a-z0-9]ID$/i;
const MODEL_TYPES = new Set<TColumnType>(["numeric", "boolean", "categorical"]);

/** cyrb53: a 53-bit string hash, so a set of numbers (not of strings) tracks uniqueness. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

class ColumnCheck {
  missing = 0;
  first: string | null = null;
  varies = false;
  /** Hashes of the values seen (up to ID_TRACK_CAP); null once a value repeats. */
  private seen: Set<number> | null = new Set();
  /** Every present value is a number; a whole number. */
  numeric = true;
  integers = true;
  min = Infinity;
  max = -Infinity;
  /** value (missing: "") → target value → rows; null once past LEAK_MAX_DISTINCT. */
  mapping: Map<string, Map<string, number>> | null = new Map();
  // Pearson correlation with a numeric target, by co-moments (Welford): stable for large values.
  n = 0;
  private meanX = 0;
  private meanY = 0;
  private m2x = 0;
  private m2y = 0;
  private cxy = 0;

  constructor(
    readonly name: string,
    private readonly numericTarget: boolean,
  ) {}

  add(value: string | null, target: string) {
    if (value === null) this.missing++;
    else {
      if (this.first === null && !this.varies) this.first = value;
      else if (value !== this.first) this.varies = true;
      if (this.seen) {
        const h = hash53(value);
        if (this.seen.has(h)) this.seen = null;
        else if (this.seen.size < ID_TRACK_CAP) this.seen.add(h);
      }
      const x = Number(value);
      if (!Number.isFinite(x)) this.numeric = this.integers = false;
      else if (!Number.isInteger(x)) this.integers = false;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
    }
    if (this.numericTarget) {
      const x = value === null ? Number.NaN : Number(value);
      if (Number.isFinite(x)) this.addPair(x, Number(target));
    } else if (this.mapping) {
      const key = value ?? "";
      let targets = this.mapping.get(key);
      if (!targets) {
        if (this.mapping.size >= LEAK_MAX_DISTINCT) return void (this.mapping = null);
        this.mapping.set(key, (targets = new Map()));
      }
      targets.set(target, (targets.get(target) ?? 0) + 1);
    }
  }

  private addPair(x: number, y: number) {
    this.n++;
    const dx = x - this.meanX;
    this.meanX += dx / this.n;
    const dy = y - this.meanY;
    this.meanY += dy / this.n;
    this.m2x += dx * (x - this.meanX);
    this.m2y += dy * (y - this.meanY);
    this.cxy += dx * (y - this.meanY);
  }

  get correlation(): number | null {
    return this.m2x > 0 && this.m2y > 0 ? this.cxy / Math.sqrt(this.m2x * this.m2y) : null;
  }

  unique(rows: number): boolean {
    return this.seen !== null && this.missing === 0 && rows > 0;
  }
}

/** Feed it the train rows (`add`), then read `warnings`. */
export class ColumnChecks {
  private readonly columns: ColumnCheck[];
  private rows = 0;
  private readonly classCounts = new Map<string, number>();

  constructor(
    header: string[],
    private readonly targetIndex: number,
    private readonly taskType: string,
  ) {
    this.columns = header.map((name) => new ColumnCheck(name, taskType === "REGRESSION"));
  }

  /** One train row; a row without a target value (in no split) never gets here. */
  add(record: string[]) {
    const target = presentValue(record[this.targetIndex] ?? "");
    if (target === null) return;
    this.rows++;
    this.classCounts.set(target, (this.classCounts.get(target) ?? 0) + 1);
    for (let i = 0; i < this.columns.length; i++) {
      if (i !== this.targetIndex) this.columns[i]!.add(presentValue(record[i] ?? ""), target);
    }
  }

  /** `types`: each column's type in the profile (what the model would make of it). */
  warnings(types: Map<string, TColumnType>): TColumnWarning[] {
    const out: TColumnWarning[] = [];
    const rows = this.rows;
    if (rows === 0) return out;
    const majority = Math.max(...this.classCounts.values());
    for (const [i, c] of this.columns.entries()) {
      if (i === this.targetIndex) continue;
      if (!c.varies) {
        out.push({ kind: "constant", column: c.name, value: c.first });
        continue;
      }
      if (!MODEL_TYPES.has(types.get(c.name) ?? "text") || rows < WARNING_MIN_ROWS) continue;
      const leak = this.leak(c, rows, majority);
      if (leak) out.push(leak);
      else if (c.unique(rows) && this.looksLikeId(c, rows)) out.push({ kind: "idLike", column: c.name });
    }
    return out;
  }

  private leak(c: ColumnCheck, rows: number, majority: number): TColumnWarning | null {
    if (this.taskType === "REGRESSION") {
      const r = c.correlation;
      return r !== null && c.n >= WARNING_MIN_ROWS && Math.abs(r) >= LEAK_CORRELATION
        ? { kind: "leak", column: c.name, how: "correlation", correlation: r }
        : null;
    }
    if (!c.mapping || c.mapping.size * LEAK_MIN_ROWS_PER_VALUE > rows) return null;
    let predicted = 0;
    for (const targets of c.mapping.values()) predicted += Math.max(...targets.values());
    const errors = rows - predicted;
    const baseline = rows - majority;
    return errors <= LEAK_MAX_ERROR * rows && errors <= (1 - LEAK_MIN_GAIN) * baseline
      ? { kind: "leak", column: c.name, how: "mapping", share: predicted / rows }
      : null;
  }

  /**
   * Unique per row, and either named like an identifier or whole numbers packed densely over their range (a row
   * number, of which the train rows are a sample). A unique column of measurements (floats, or sparse integers) is
   * not an identifier.
   */
  private looksLikeId(c: ColumnCheck, rows: number): boolean {
    if (ID_NAME.test(c.name) || !c.numeric) return true; // a name, or (categorical) text different on every row
    return c.integers && rows / (c.max - c.min + 1) >= 0.5;
  }
}
