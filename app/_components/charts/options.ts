import type { EChartsCoreOption } from "echarts/core";
import { axisTooltip, tooltipHtml, type TAxisParam } from "./tooltip";
import { formatStat } from "@/lib/format";

const BRAND = "#1f9d63";
/** Short axis numbers in the reader's locale ("12K", "1.2万"). */
const compact = (n: number, locale: string) =>
  Math.abs(n) < 0.01 && n !== 0
    ? n.toPrecision(2)
    : new Intl.NumberFormat(locale, { notation: "compact", maximumSignificantDigits: 3 }).format(n);

/** Histogram from bin edges and counts. */
export function histogramOption(edges: number[], counts: number[], locale: string): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 8, bottom: 22 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p),
    },
    xAxis: {
      type: "category",
      data: counts.map((_, i) => `${compact(edges[i]!, locale)}–${compact(edges[i + 1]!, locale)}`),
      axisLabel: {
        fontSize: 9,
        interval: Math.max(0, Math.ceil(counts.length / 4) - 1),
        formatter: (v: string) => v.split("–")[0],
      },
      axisTick: { show: false },
    },
    yAxis: { type: "value", axisLabel: { fontSize: 9 }, splitLine: { lineStyle: { color: "#eee" } } },
    series: [{ type: "bar", data: counts, barCategoryGap: "4%", itemStyle: { color: BRAND } }],
  };
}

/** Horizontal bars for value counts (top values, class balance). */
export function countsOption(items: { value: string; count: number }[]): EChartsCoreOption {
  const rows = [...items].reverse();
  // Values are user text (class names, category values): the tooltip shows the full one, escaped.
  const fullName = (p: TAxisParam) => (p.dataIndex === undefined ? undefined : rows[p.dataIndex]?.value);
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p, fullName),
    },
    xAxis: { type: "value", show: false },
    yAxis: {
      type: "category",
      data: rows.map((r) => (r.value.length > 18 ? `${r.value.slice(0, 17)}…` : r.value)),
      axisLabel: { fontSize: 10 },
      axisTick: { show: false },
    },
    series: [
      {
        type: "bar",
        data: rows.map((r) => r.count),
        itemStyle: { color: BRAND },
        label: { show: true, position: "right", fontSize: 10 },
      },
    ],
  };
}

const PALETTE = ["#1f9d63", "#0ea5e9", "#f59e0b", "#78716c"];
export type TLineSeries = { name: string; points: [number, number][] };
/** A vertical marker on a curve chart (early stopping, the restored best epoch). */
export type TLineMark = { x: number; label: string };
/** The values a metric can take: accuracy and its kin lie in [0, 1], R² is at most 1, losses are unbounded. */
export type TRange = { min?: number; max?: number };

const tidy = (n: number) => Number(n.toPrecision(12));

/**
 * A y-axis extent around `values` that stays inside the metric's range: padded by a tenth of the spread and rounded
 * out to a step of the spread's order, then clamped, so accuracies near 1 never get an axis that runs to 1.4.
 */
export function boundedExtent(values: number[], range: TRange = {}): { min: number; max: number } {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return { min: range.min ?? 0, max: range.max ?? 1 };
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const span = hi - lo || Math.max(Math.abs(hi) * 0.1, 0.01);
  const step = 10 ** Math.floor(Math.log10(span));
  let min = tidy(Math.floor((lo - span * 0.1) / step) * step);
  let max = tidy(Math.ceil((hi + span * 0.1) / step) * step);
  if (range.min !== undefined) min = Math.max(range.min, min);
  if (range.max !== undefined) max = Math.min(range.max, max);
  return { min, max };
}

/**
 * Line series over a shared x axis (training curves, ROC curves). When every x is a whole number (epochs), ticks are
 * whole numbers and labels that would overlap are dropped ("20" and "21" once ran together as "2021"). `yRange` keeps
 * a bounded metric's axis inside its range; `marks` draws dashed vertical lines with a label.
 */
export function linesOption(
  series: TLineSeries[],
  {
    xName,
    yName,
    square = false,
    yRange,
    marks = [],
  }: { xName?: string; yName?: string; square?: boolean; yRange?: TRange; marks?: TLineMark[] } = {},
): EChartsCoreOption {
  const integerX =
    !square && series.some((s) => s.points.length) && series.every((s) => s.points.every(([x]) => Number.isInteger(x)));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const yExtent = !square && yRange ? boundedExtent(ys, yRange) : null;
  return {
    animation: false,
    color: PALETTE,
    grid: { left: 48, right: 16, top: 28, bottom: 36 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    // Series names can be user text (config titles on the compare page): escaped by axisTooltip.
    tooltip: { trigger: "axis", formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p) },
    xAxis: {
      type: "value",
      name: xName,
      nameLocation: "middle",
      nameGap: 24,
      min: square ? 0 : "dataMin",
      max: square ? 1 : "dataMax",
      ...(integerX ? { minInterval: 1 } : {}),
      axisLabel: {
        fontSize: 10,
        hideOverlap: true,
        ...(integerX ? { formatter: (v: number) => (Number.isInteger(v) ? String(v) : "") } : {}),
      },
    },
    yAxis: {
      type: "value",
      name: yName,
      min: square ? 0 : yExtent?.min,
      max: square ? 1 : yExtent?.max,
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: (v: number) => String(tidy(Number(v.toPrecision(4)))) },
      splitLine: { lineStyle: { color: "#eee" } },
    },
    series: series.map((s, i) => ({
      name: s.name,
      type: "line",
      data: s.points,
      showSymbol: s.points.length < 30,
      symbolSize: 4,
      ...(i === 0 && marks.length
        ? {
            markLine: {
              silent: true,
              symbol: "none",
              animation: false,
              lineStyle: { type: "dashed", color: "#78716c", width: 1 },
              label: { fontSize: 9, color: "#57534e", position: "insideEndTop" },
              data: marks.map((m) => ({ xAxis: m.x, label: { formatter: m.label.replace(/[{}|]/g, "") } })),
            },
          }
        : {}),
    })),
  };
}

/** The best score over time, as a step line extended to `until`, on an axis kept inside the metric's range. */
export function historyOption(
  points: { at: number; score: number; handle: string }[],
  until: number,
  range: TRange,
  locale: string,
): EChartsCoreOption {
  const last = points[points.length - 1]!;
  const data = points.map((p) => ({ value: [p.at, p.score], handle: p.handle }));
  const extent = boundedExtent(
    points.map((p) => p.score),
    range,
  );
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 16, bottom: 36 },
    tooltip: {
      trigger: "item",
      formatter: (p: { data: { value: [number, number]; handle?: string } }) =>
        tooltipHtml`${new Date(p.data.value[0]).toLocaleString(locale)}<br/><b>${formatStat(p.data.value[1])}</b>${p.data.handle ? ` · @${p.data.handle}` : ""}`,
    },
    xAxis: { type: "time", axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: {
      type: "value",
      min: extent.min,
      max: extent.max,
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: (v: number) => String(tidy(Number(v.toPrecision(4)))) },
      splitLine: { lineStyle: { color: "#eee" } },
    },
    series: [
      {
        type: "line",
        step: "end",
        data: [...data, { value: [Math.max(until, last.at), last.score], handle: "" }],
        symbolSize: (_: unknown, p: { dataIndex: number }) => (p.dataIndex < data.length ? 7 : 0),
        lineStyle: { color: BRAND, width: 2 },
        itemStyle: { color: BRAND },
      },
    ],
  };
}

/** Residuals against predictions (regression); the axis names come from the catalogue. */
export function residualOption(
  points: [number, number][],
  { xName, yName }: { xName: string; yName: string },
): EChartsCoreOption {
  const round = (n: number) => Number(n.toPrecision(4));
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 12, bottom: 36 },
    tooltip: {
      trigger: "item",
      formatter: (p: { value?: [number, number] }) =>
        p.value ? tooltipHtml`${round(p.value[0])}, <b>${round(p.value[1])}</b>` : "",
    },
    xAxis: {
      type: "value",
      name: xName,
      nameLocation: "middle",
      nameGap: 24,
      scale: true,
      axisLabel: { fontSize: 10 },
    },
    yAxis: {
      type: "value",
      name: yName,
      scale: true,
      axisLabel: { fontSize: 10 },
      splitLine: { lineStyle: { color: "#eee" } },
    },
    series: [{ type: "scatter", data: points, symbolSize: 5, itemStyle: { color: "#1f9d63", opacity: 0.7 } }],
  };
}
