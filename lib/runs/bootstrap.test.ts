import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random";
import {
  BOOTSTRAP_RESAMPLES,
  BOOTSTRAP_RESAMPLES_LARGE,
  bootstrapIntervals,
  intervalOf,
  resamplesFor,
  type TBootstrapInput,
} from "./bootstrap";
import { classificationMetrics, regressionMetrics } from "./metrics";

/** n two-class rows, `correct` of them predicted right (with a confident probability), in a seeded order. */
function classification(n: number, correct: number, seed = 1): TBootstrapInput & { task: "CLASSIFICATION" } {
  const random = mulberry32(seed);
  const yTrue: number[] = [];
  const probabilities: number[][] = [];
  for (let i = 0; i < n; i++) {
    const y = random() < 0.5 ? 0 : 1;
    const predicted = i < correct ? y : 1 - y;
    const p = 0.6 + random() * 0.35;
    yTrue.push(y);
    probabilities.push(predicted === 1 ? [1 - p, p] : [p, 1 - p]);
  }
  return { task: "CLASSIFICATION", yTrue, probabilities, labels: ["no", "yes"] };
}

function regression(n: number, seed = 2): TBootstrapInput & { task: "REGRESSION" } {
  const random = mulberry32(seed);
  const yTrue = Array.from({ length: n }, () => random() * 10);
  const yPred = yTrue.map((y) => y + (random() - 0.5) * 4);
  return { task: "REGRESSION", yTrue, yPred };
}

const width = ([lo, hi]: [number, number]) => hi - lo;

describe("bootstrapIntervals", () => {
  it("gives accuracy 50/100 an interval of about 0.40–0.60 (the binomial ±1.96·0.05)", () => {
    const { intervals, resamples } = bootstrapIntervals(classification(100, 50), 7);
    expect(resamples).toBe(BOOTSTRAP_RESAMPLES);
    const [lo, hi] = intervals.accuracy!;
    expect(lo).toBeGreaterThan(0.37);
    expect(lo).toBeLessThan(0.43);
    expect(hi).toBeGreaterThan(0.57);
    expect(hi).toBeLessThan(0.63);
  });

  it("is reproducible with a seed, and another seed draws other resamples", () => {
    const input = classification(68, 50);
    const a = bootstrapIntervals(input, 42);
    expect(bootstrapIntervals(input, 42)).toEqual(a);
    expect(bootstrapIntervals(input, 43).intervals.accuracy).not.toEqual(a.intervals.accuracy);
  });

  it("covers every board metric of the task, each interval containing its point estimate", () => {
    const c = classification(200, 150);
    const cScores = classificationMetrics(c.yTrue, c.probabilities, c.labels);
    const cIntervals = bootstrapIntervals(c, 3).intervals;
    expect(Object.keys(cIntervals).sort()).toEqual(
      ["accuracy", "f1Macro", "logLoss", "precisionMacro", "recallMacro", "rocAuc"].sort(),
    );
    for (const [metric, [lo, hi]] of Object.entries(cIntervals)) {
      const point = cScores[metric as keyof typeof cScores] as number;
      expect(lo, metric).toBeLessThanOrEqual(point);
      expect(hi, metric).toBeGreaterThanOrEqual(point);
      expect(lo, metric).toBeLessThan(hi);
    }
    const r = regression(150);
    const rScores = regressionMetrics(r.yTrue, r.yPred);
    const rIntervals = bootstrapIntervals(r, 3).intervals;
    expect(Object.keys(rIntervals).sort()).toEqual(["mae", "mse", "r2", "rmse"]);
    for (const [metric, [lo, hi]] of Object.entries(rIntervals)) {
      const point = rScores[metric as keyof typeof rScores];
      expect(lo, metric).toBeLessThanOrEqual(point);
      expect(hi, metric).toBeGreaterThanOrEqual(point);
    }
  });

  it("narrows as the half grows (about as 1/√n)", () => {
    const small = bootstrapIntervals(classification(50, 35), 5).intervals.accuracy!;
    const large = bootstrapIntervals(classification(800, 560), 5).intervals.accuracy!;
    expect(width(large)).toBeLessThan(width(small) / 2.5);
    const rSmall = bootstrapIntervals(regression(30), 5).intervals.rmse!;
    const rLarge = bootstrapIntervals(regression(1000), 5).intervals.rmse!;
    expect(width(rLarge)).toBeLessThan(width(rSmall) / 2.5);
  });

  it("uses 200 resamples above 5,000 rows, 1,000 up to it", () => {
    expect(resamplesFor(5_000)).toBe(BOOTSTRAP_RESAMPLES);
    expect(resamplesFor(5_001)).toBe(BOOTSTRAP_RESAMPLES_LARGE);
    expect(bootstrapIntervals(regression(6_000), 1).resamples).toBe(BOOTSTRAP_RESAMPLES_LARGE);
  });

  it("leaves out a metric most resamples cannot define, and gives a half of one row no interval", () => {
    // No positive row: ROC AUC is undefined on every resample, so it gets no interval; accuracy still does.
    const allNegative: TBootstrapInput = {
      task: "CLASSIFICATION",
      yTrue: new Array(60).fill(0),
      probabilities: Array.from({ length: 60 }, (_, i) => (i % 2 ? [0.7, 0.3] : [0.4, 0.6])),
      labels: ["no", "yes"],
    };
    const { intervals } = bootstrapIntervals(allNegative, 1);
    expect(intervals.rocAuc).toBeUndefined();
    expect(intervals.accuracy![0]).toBeLessThan(0.5);
    expect(bootstrapIntervals(regression(1), 1)).toEqual({ intervals: {}, resamples: 0 });
  });
});

describe("intervalOf", () => {
  it("reads a stored interval and ignores missing or malformed ones (old runs have none)", () => {
    expect(intervalOf({ accuracy: 0.8, ci: { accuracy: [0.7, 0.9] } }, "accuracy")).toEqual([0.7, 0.9]);
    expect(intervalOf({ accuracy: 0.8 }, "accuracy")).toBeNull();
    expect(intervalOf(null, "accuracy")).toBeNull();
    expect(intervalOf({ ci: { accuracy: [0.9, 0.7] } }, "accuracy")).toBeNull();
    expect(intervalOf({ ci: { accuracy: ["0.7", 0.9] } }, "accuracy")).toBeNull();
    expect(intervalOf({ ci: { accuracy: [0.7] } }, "accuracy")).toBeNull();
  });
});
