import type { EChartsCoreOption } from "echarts/core";
import { axisTooltip, tooltipHtml, type TAxisParam } from "./tooltip";

const BRAND = "#1f9d63";
const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });
const compact = (n: number) => (Math.abs(n) < 0.01 && n !== 0 ? n.toPrecision(2) : compactFormat.format(n));

/** Histogram from bin edges and counts. */
export function histogramOption(edges: number[], counts: number[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 8, bottom: 22 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p) },
    xAxis: {
      type: "category",
      data: counts.map((_, i) => `${compact(edges[i]!)}–${compact(edges[i + 1]!)}`),
      axisLabel: { fontSize: 9, interval: Math.max(0, Math.ceil(counts.length / 4) - 1), formatter: (v: string) => v.split("–")[0] },
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
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p, fullName) },
    xAxis: { type: "value", show: false },
    yAxis: { type: "category", data: rows.map((r) => (r.value.length > 18 ? `${r.value.slice(0, 17)}…` : r.value)), axisLabel: { fontSize: 10 }, axisTick: { show: false } },
    series: [{ type: "bar", data: rows.map((r) => r.count), itemStyle: { color: BRAND }, label: { show: true, position: "right", fontSize: 10 } }],
  };
}

const PALETTE = ["#1f9d63", "#0ea5e9", "#f59e0b", "#78716c"];
export type TLineSeries = { name: string; points: [number, number][] };

/** Line series over a shared x axis (training curves, ROC curves). */
export function linesOption(series: TLineSeries[], { xName, yName, square = false }: { xName?: string; yName?: string; square?: boolean } = {}): EChartsCoreOption {
  return {
    animation: false,
    color: PALETTE,
    grid: { left: 48, right: 16, top: 28, bottom: 36 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    // Series names can be user text (config titles on the compare page): escaped by axisTooltip.
    tooltip: { trigger: "axis", formatter: (p: TAxisParam | TAxisParam[]) => axisTooltip(p) },
    xAxis: { type: "value", name: xName, nameLocation: "middle", nameGap: 24, min: square ? 0 : "dataMin", max: square ? 1 : "dataMax", axisLabel: { fontSize: 10 } },
    yAxis: { type: "value", name: yName, min: square ? 0 : undefined, max: square ? 1 : undefined, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eee" } } },
    series: series.map((s) => ({ name: s.name, type: "line", data: s.points, showSymbol: s.points.length < 30, symbolSize: 4 })),
  };
}

/** Residuals against predictions (regression). */
export function residualOption(points: [number, number][]): EChartsCoreOption {
  const round = (n: number) => Number(n.toPrecision(4));
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 12, bottom: 36 },
    tooltip: { trigger: "item", formatter: (p: { value?: [number, number] }) => (p.value ? tooltipHtml`${round(p.value[0])}, <b>${round(p.value[1])}</b>` : "") },
    xAxis: { type: "value", name: "predicted", nameLocation: "middle", nameGap: 24, scale: true, axisLabel: { fontSize: 10 } },
    yAxis: { type: "value", name: "residual", scale: true, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eee" } } },
    series: [{ type: "scatter", data: points, symbolSize: 5, itemStyle: { color: "#1f9d63", opacity: 0.7 } }],
  };
}
