"use client";

import type { EChartsCoreOption } from "echarts/core";
import { useFormatter } from "next-intl";
import { useMemo } from "react";
import { EChart } from "@/app/_components/charts/echart";
import { tooltipHtml } from "@/app/_components/charts/tooltip";

const BRAND = "#1f9d63";

/**
 * Reputation over time: a step line of the running total from the day the account was made to today, on a time axis
 * (dates in the reader's locale) and a whole-number value axis that starts at 0.
 */
export function ReputationChart({
  points,
  since,
  until,
  label,
  seriesName,
}: {
  /** [ms since the epoch, running total] at the end of each day that changed it, oldest first. */
  points: [number, number][];
  /** When the account was made: where the line starts, at 0. */
  since: number;
  /** Where the line ends (now, as the server rendered it). */
  until: number;
  label: string;
  seriesName: string;
}) {
  const format = useFormatter();
  const option = useMemo<EChartsCoreOption>(() => {
    const last = points[points.length - 1]?.[1] ?? 0;
    const data: [number, number][] = [[Math.min(since, points[0]?.[0] ?? since), 0], ...points, [until, last]];
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: (p: { value: [number, number] }[]) => {
          const [at, total] = p[0]?.value ?? [until, last];
          return tooltipHtml`${format.dateTime(new Date(at), { dateStyle: "medium" })}<br/>${seriesName}: <b>${format.number(total)}</b>`;
        },
      },
      xAxis: { type: "time", axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: {
        type: "value",
        min: 0,
        minInterval: 1,
        axisLabel: {
          fontSize: 10,
          hideOverlap: true,
          formatter: (v: number) => format.number(v, { notation: "compact" }),
        },
        splitLine: { lineStyle: { color: "#eee" } },
      },
      series: [
        {
          name: seriesName,
          type: "line",
          step: "end",
          data,
          showSymbol: false,
          lineStyle: { color: BRAND, width: 2 },
          itemStyle: { color: BRAND },
          areaStyle: { color: BRAND, opacity: 0.08 },
        },
      ],
    };
  }, [points, since, until, seriesName, format]);
  return <EChart option={option} label={label} height={180} />;
}
