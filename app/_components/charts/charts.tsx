"use client";

import { useLocale } from "next-intl";
import { useMemo } from "react";
import { EChart } from "./echart";
import {
  countsOption,
  histogramOption,
  linesOption,
  residualOption,
  type TLineMark,
  type TLineSeries,
  type TRange,
} from "./options";

// Options are built here, in the browser: they contain formatter functions,
// which cannot be passed from server components.

export function HistogramChart({
  edges,
  counts,
  label,
  height = 120,
}: {
  edges: number[];
  counts: number[];
  label: string;
  height?: number;
}) {
  const locale = useLocale();
  const option = useMemo(() => histogramOption(edges, counts, locale), [edges, counts, locale]);
  return <EChart option={option} label={label} height={height} />;
}

export function CountsChart({ items, label }: { items: { value: string; count: number }[]; label: string }) {
  const option = useMemo(() => countsOption(items), [items]);
  return <EChart option={option} label={label} height={Math.max(60, items.length * 22 + 8)} />;
}

/** Line series over a shared x axis (training curves, ROC curves). */
export function LinesChart({
  series,
  label,
  height = 220,
  xName,
  yName,
  square = false,
  yRange,
  marks,
}: {
  series: TLineSeries[];
  label: string;
  height?: number;
  xName?: string;
  yName?: string;
  square?: boolean;
  yRange?: TRange;
  marks?: TLineMark[];
}) {
  const option = useMemo(
    () => linesOption(series, { xName, yName, square, yRange, marks }),
    [series, xName, yName, square, yRange, marks],
  );
  return <EChart option={option} label={label} height={height} />;
}

/** Residuals against predictions (regression). */
export function ResidualChart({
  points,
  label,
  xName,
  yName,
}: {
  points: [number, number][];
  label: string;
  xName: string;
  yName: string;
}) {
  const option = useMemo(() => residualOption(points, { xName, yName }), [points, xName, yName]);
  return <EChart option={option} label={label} height={240} />;
}
