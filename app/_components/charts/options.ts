import type { EChartsCoreOption } from "echarts/core";

const BRAND = "#1f9d63";
const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });
const compact = (n: number) => (Math.abs(n) < 0.01 && n !== 0 ? n.toPrecision(2) : compactFormat.format(n));

/** Histogram from bin edges and counts. */
export function histogramOption(edges: number[], counts: number[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 8, bottom: 22 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
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
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", show: false },
    yAxis: { type: "category", data: rows.map((r) => (r.value.length > 18 ? `${r.value.slice(0, 17)}…` : r.value)), axisLabel: { fontSize: 10 }, axisTick: { show: false } },
    series: [{ type: "bar", data: rows.map((r) => r.count), itemStyle: { color: BRAND }, label: { show: true, position: "right", fontSize: 10 } }],
  };
}
