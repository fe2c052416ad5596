"use client";

import { useMemo } from "react";
import { EChart } from "./echart";
import { countsOption, histogramOption } from "./options";

// Options are built here, in the browser: they contain formatter functions,
// which cannot be passed from server components.

export function HistogramChart({ edges, counts, label, height = 120 }: { edges: number[]; counts: number[]; label: string; height?: number }) {
  const option = useMemo(() => histogramOption(edges, counts), [edges, counts]);
  return <EChart option={option} label={label} height={height} />;
}

export function CountsChart({ items, label }: { items: { value: string; count: number }[]; label: string }) {
  const option = useMemo(() => countsOption(items), [items]);
  return <EChart option={option} label={label} height={Math.max(60, items.length * 22 + 8)} />;
}

const PALETTE = ["#1f9d63", "#0ea5e9", "#f59e0b", "#78716c"];

/** Line series over a shared x axis (training curves, ROC curves). */
export function LinesChart({ series, label, height = 220, xName, yName, square = false }: { series: { name: string; points: [number, number][] }[]; label: string; height?: number; xName?: string; yName?: string; square?: boolean }) {
  const option = useMemo(
    () => ({
      animation: false,
      color: PALETTE,
      grid: { left: 48, right: 16, top: 28, bottom: 36 },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: xName, nameLocation: "middle", nameGap: 24, min: square ? 0 : "dataMin", max: square ? 1 : "dataMax", axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", name: yName, min: square ? 0 : undefined, max: square ? 1 : undefined, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eee" } } },
      series: series.map((s) => ({ name: s.name, type: "line", data: s.points, showSymbol: s.points.length < 30, symbolSize: 4 })),
    }),
    [series, xName, yName, square],
  );
  return <EChart option={option} label={label} height={height} />;
}

/** Residuals against predictions (regression). */
export function ResidualChart({ points, label }: { points: [number, number][]; label: string }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 48, right: 16, top: 12, bottom: 36 },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", name: "predicted", nameLocation: "middle", nameGap: 24, scale: true, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", name: "residual", scale: true, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eee" } } },
      series: [{ type: "scatter", data: points, symbolSize: 5, itemStyle: { color: "#1f9d63", opacity: 0.7 } }],
    }),
    [points],
  );
  return <EChart option={option} label={label} height={240} />;
}
