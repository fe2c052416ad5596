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
