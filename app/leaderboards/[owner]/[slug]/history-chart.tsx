"use client";

import { useLocale } from "next-intl";
import { useMemo } from "react";
import { EChart } from "@/app/_components/charts/echart";
import { historyOption, type TRange } from "@/app/_components/charts/options";

type TPoint = { at: number; score: number; handle: string };

/** The board's best score over time: a step line through the runs that moved it, extended to now. */
export function HistoryChart({
  points,
  label,
  until,
  range,
}: {
  points: TPoint[];
  label: string;
  until: number;
  range: TRange;
}) {
  const locale = useLocale();
  const option = useMemo(() => historyOption(points, until, range, locale), [points, until, range, locale]);
  return <EChart option={option} label={label} height={220} />;
}
