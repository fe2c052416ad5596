"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { COLUMN_TYPES, type TColumnType } from "@/lib/datasets/profile";

/**
 * Optional type per column of the chosen file (issue 17): "Detect" leaves it to inference. Sent as one JSON field,
 * `columnTypes`, holding only the columns set by hand; the server checks every value against the chosen type.
 * Shared by the new-dataset and new-version forms.
 */
export function ColumnTypesField({ columns, error }: { columns: string[]; error?: string }) {
  const t = useTranslations("datasetForm");
  const td = useTranslations("dataset");
  const [chosen, setChosen] = useState<Record<string, TColumnType>>({});
  // A newly chosen file keeps the choices for the columns it still has.
  const current = Object.fromEntries(Object.entries(chosen).filter(([name]) => columns.includes(name)));
  if (!columns.length) return null;
  const count = Object.keys(current).length;
  return (
    <details className="rounded-lg border border-stone-200 bg-stone-50 p-3" open={count > 0 || Boolean(error)}>
      <summary className="cursor-pointer text-sm font-medium text-stone-800">
        {t("columnTypes")}
        {count ? <span className="ml-1 font-normal text-stone-500">({count})</span> : null}
      </summary>
      <p className="mt-2 text-xs text-stone-500" id="column-types-hint">
        {t("columnTypesHint")}
      </p>
      <input type="hidden" name="columnTypes" value={count ? JSON.stringify(current) : ""} />
      <div className="mt-3 grid gap-x-4 gap-y-2 sm:grid-cols-2" data-testid="column-types">
        {columns.map((name, i) => (
          <label key={name} className="flex items-center justify-between gap-2 text-sm text-stone-700">
            <span className="min-w-0 truncate font-mono text-xs" title={name}>
              {name}
            </span>
            <select
              id={`column-type-${i}`}
              value={current[name] ?? ""}
              aria-describedby="column-types-hint"
              onChange={(e) => {
                const type = COLUMN_TYPES.find((c) => c === e.target.value);
                setChosen((previous) => {
                  const next = { ...previous };
                  if (type) next[name] = type;
                  else delete next[name];
                  return next;
                });
              }}
              className="w-36 shrink-0 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm"
            >
              <option value="">{t("columnTypeAuto")}</option>
              {COLUMN_TYPES.map((type) => (
                <option key={type} value={type}>
                  {td(`types.${type}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </details>
  );
}
