"use client";

import { useTranslations } from "next-intl";
import type { TDatasetShapeInfo } from "@/lib/configs/shapes";
import { DATETIME_PARTS } from "@/lib/configs/spec";
import { getAt, setAt, type TDraft } from "./draft";
import { CheckboxInput, SelectInput, options } from "./inputs";

type TElapsed = { from: string; to: string; unit?: string };
const PART_LABEL = {
  timestamp: "datetimeTimestamp",
  hour: "datetimeHour",
  dayOfWeek: "datetimeDayOfWeek",
  month: "datetimeMonth",
  dayOfYear: "datetimeDayOfYear",
} as const;

/**
 * Issue 17 options of a tabular spec: the regression target's scaling and, when the dataset has datetime columns,
 * which parts of them become features and the elapsed times between two of them.
 */
export function DatetimeFields({
  draft,
  onChange,
  errorAt,
  dataset,
}: {
  draft: TDraft;
  onChange: (d: TDraft) => void;
  errorAt: (path: string) => string | undefined;
  dataset: TDatasetShapeInfo | null;
}) {
  const t = useTranslations("configEditor");
  if (dataset?.kind !== "TABULAR") return null;
  const at = (...p: string[]) => getAt(draft, p);
  const put = (p: string[], v: unknown) => onChange(setAt(draft, p, v));
  const columns = (dataset.columns ?? []).filter((c) => c.type === "datetime").map((c) => c.name);
  const parts = (at("preprocessing", "datetime", "features") as string[] | undefined) ?? [...DATETIME_PARTS];
  const elapsed = (at("preprocessing", "datetime", "elapsed") as TElapsed[] | undefined) ?? [];
  const putElapsed = (next: TElapsed[]) => put(["preprocessing", "datetime", "elapsed"], next);
  const columnOptions = columns.map((c) => ({ value: c, label: c }));
  const unitOptions = (["seconds", "hours", "days"] as const).map((u) => ({ value: u, label: t(`elapsedUnits.${u}`) }));

  return (
    <div className="space-y-3">
      {dataset.taskType === "REGRESSION" ? (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectInput
            label={t("targetScaling")}
            value={at("preprocessing", "targetScaling") ?? "standard"}
            options={options(["standard", "none"])}
            onChange={(v) => put(["preprocessing", "targetScaling"], v)}
          />
        </div>
      ) : null}
      {columns.length ? (
        <fieldset>
          <legend className="text-xs font-medium text-stone-700">{t("datetimeFeatures")}</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {DATETIME_PARTS.map((part) => (
              <CheckboxInput
                key={part}
                label={t(PART_LABEL[part])}
                checked={parts.includes(part)}
                onChange={(on) =>
                  put(
                    ["preprocessing", "datetime", "features"],
                    DATETIME_PARTS.filter((p) => (p === part ? on : parts.includes(p))),
                  )
                }
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      {columns.length >= 2 ? (
        <fieldset className="space-y-2">
          <legend className="text-xs font-medium text-stone-700">{t("elapsedTimes")}</legend>
          {elapsed.map((e, i) => (
            <div key={i} className="grid items-end gap-3 sm:grid-cols-4">
              <SelectInput
                label={t("elapsedFrom")}
                value={e.from}
                options={columnOptions}
                onChange={(v) => putElapsed(elapsed.map((x, k) => (k === i ? { ...x, from: v } : x)))}
                error={errorAt(`preprocessing.datetime.elapsed[${i}].from`)}
              />
              <SelectInput
                label={t("elapsedTo")}
                value={e.to}
                options={columnOptions}
                onChange={(v) => putElapsed(elapsed.map((x, k) => (k === i ? { ...x, to: v } : x)))}
                error={errorAt(`preprocessing.datetime.elapsed[${i}].to`)}
              />
              <SelectInput
                label={t("elapsedUnit")}
                value={e.unit ?? "days"}
                options={unitOptions}
                onChange={(v) => putElapsed(elapsed.map((x, k) => (k === i ? { ...x, unit: v } : x)))}
              />
              <button
                type="button"
                onClick={() => putElapsed(elapsed.filter((_, k) => k !== i))}
                className="rounded-md border border-stone-300 px-2 py-1.5 text-sm text-stone-700 hover:bg-stone-50"
              >
                {t("removeElapsed")}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => putElapsed([...elapsed, { from: columns[0]!, to: columns[1]!, unit: "days" }])}
            className="rounded-md border border-stone-300 px-2 py-1 text-sm text-stone-700 hover:bg-stone-50"
          >
            {t("addElapsed")}
          </button>
        </fieldset>
      ) : null}
    </div>
  );
}
