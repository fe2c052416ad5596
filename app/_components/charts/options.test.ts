import { describe, expect, it } from "vitest";
import { METRIC_RANGE } from "@/lib/leaderboards/metrics";
import { boundedExtent, historyOption, linesOption } from "./options";

type TAxis = {
  min?: unknown;
  max?: unknown;
  minInterval?: number;
  axisLabel: { hideOverlap?: boolean; formatter?: (v: number) => string };
};
const axes = (option: object) =>
  option as { xAxis: TAxis; yAxis: TAxis; series: { markLine?: { data: { xAxis: number }[] } }[] };

describe("chart axes", () => {
  it("keeps a bounded metric's axis inside its range (accuracy once ran to 1.4)", () => {
    const { yAxis } = axes(
      historyOption(
        [
          { at: 1, score: 0.5, handle: "a" },
          { at: 2, score: 0.98, handle: "b" },
        ],
        3,
        METRIC_RANGE.accuracy,
        "en",
      ),
    );
    expect(yAxis.min).toBeGreaterThanOrEqual(0);
    expect(yAxis.max).toBeLessThanOrEqual(1);
    expect(yAxis.min).toBeLessThanOrEqual(0.5);
    expect(yAxis.max).toBeGreaterThanOrEqual(0.98);
    // A single perfect score still gets an axis that ends at 1.
    expect(axes(historyOption([{ at: 1, score: 1, handle: "a" }], 2, METRIC_RANGE.f1Macro, "en")).yAxis).toMatchObject({
      max: 1,
    });
  });

  it("bounds only the side a metric has: R² up to 1, losses from 0, both unbounded otherwise", () => {
    expect(boundedExtent([-3, 0.99], METRIC_RANGE.r2)).toMatchObject({ max: 1 });
    expect(boundedExtent([-3, 0.99], METRIC_RANGE.r2).min).toBeLessThan(-3);
    expect(boundedExtent([0.01, 0.2], METRIC_RANGE.logLoss).min).toBe(0);
    const free = boundedExtent([10, 20]);
    expect(free.min).toBeLessThan(10);
    expect(free.max).toBeGreaterThan(20);
    for (const metric of ["accuracy", "f1Macro", "precisionMacro", "recallMacro", "rocAuc"] as const)
      expect(METRIC_RANGE[metric]).toEqual({ min: 0, max: 1 });
  });

  it("gives epoch axes whole-number ticks whose labels never overlap", () => {
    const epochs = Array.from({ length: 21 }, (_, i) => [i + 1, 1 / (i + 1)] as [number, number]);
    const { xAxis, yAxis } = axes(linesOption([{ name: "loss", points: epochs }], { yRange: { min: 0, max: 1 } }));
    expect(xAxis.minInterval).toBe(1);
    expect(xAxis.axisLabel.hideOverlap).toBe(true);
    expect(xAxis.axisLabel.formatter?.(20.5)).toBe("");
    expect(xAxis.axisLabel.formatter?.(20)).toBe("20");
    expect(yAxis.max).toBeLessThanOrEqual(1);
    // ROC curves (fractional x) keep their plain 0–1 axis.
    const roc = axes(
      linesOption(
        [
          {
            name: "ROC",
            points: [
              [0, 0],
              [0.5, 0.8],
              [1, 1],
            ],
          },
        ],
        { square: true },
      ),
    );
    expect(roc.xAxis.minInterval).toBeUndefined();
  });

  it("draws marks as vertical lines on the first series", () => {
    const option = axes(
      linesOption(
        [
          {
            name: "a",
            points: [
              [1, 1],
              [2, 0.5],
            ],
          },
          { name: "b", points: [[1, 2]] },
        ],
        { marks: [{ x: 2, label: "best" }] },
      ),
    );
    expect(option.series[0]!.markLine?.data).toEqual([{ xAxis: 2, label: { formatter: "best" } }]);
    expect(option.series[1]!.markLine).toBeUndefined();
  });
});
