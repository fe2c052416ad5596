"use client";

import { useMemo } from "react";
import { EChart } from "../../../_components/charts/echart";
import { tooltipHtml } from "../../../_components/charts/tooltip";

type TPoint = { at: number; score: number; handle: string };

/** The board's best score over time: a step line through the runs that moved it, extended to now. */
export function HistoryChart({ points, label, until }: { points: TPoint[]; label: string; until: number }) {
  const option = useMemo(() => {
    const last = points[points.length - 1]!;
    const data = points.map((p) => ({ value: [p.at, p.score], handle: p.handle }));
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 16, bottom: 36 },
      tooltip: {
        trigger: "item",
        formatter: (p: { data: { value: [number, number]; handle?: string } }) =>
          tooltipHtml`${new Date(p.data.value[0]).toLocaleString()}<br/><b>${Number(p.data.value[1].toPrecision(5))}</b>${p.data.handle ? ` · @${p.data.handle}` : ""}`,
      },
      xAxis: { type: "time", axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eee" } } },
      series: [
        {
          type: "line",
          step: "end",
          data: [...data, { value: [Math.max(until, last.at), last.score], handle: "" }],
          symbolSize: (_: unknown, p: { dataIndex: number }) => (p.dataIndex < data.length ? 7 : 0),
          lineStyle: { color: "#1f9d63", width: 2 },
          itemStyle: { color: "#1f9d63" },
        },
      ],
    };
  }, [points, until]);
  return <EChart option={option} label={label} height={220} />;
}
