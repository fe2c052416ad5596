"use client";

import { useTranslations } from "next-intl";
import type { TDatasetShapeInfo } from "@/lib/configs/shapes";
import { TEXT_LEVELS } from "@/lib/configs/spec";
import { getAt, setAt, type TDraft } from "./draft";
import { CheckboxInput, NumberInput, SelectInput } from "./inputs";

const DEFAULTS = { level: "auto", vocabularySize: 10_000, maxLength: 64, lowercase: true };

/**
 * `preprocessing.text` (issue 17): which text column the model reads as token ids, and how it is tokenized. Shown
 * for tables with a text column, and whenever the draft already has the section (so it can be turned off).
 */
export function TextFields({
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
  const t = useTranslations("configEditor.text");
  const text = getAt(draft, ["preprocessing", "text"]) as Record<string, unknown> | undefined;
  const textColumns = (dataset?.columns ?? []).filter((c) => c.type === "text" && c.name !== dataset?.targetColumn);
  if (!text && (dataset?.kind !== "TABULAR" || !textColumns.length)) return null;
  const put = (patch: Record<string, unknown> | undefined) =>
    onChange(setAt(draft, ["preprocessing", "text"], patch && { ...text, ...patch }));
  const column = String(text?.column ?? "");
  // The current column stays listed even when this dataset lacks it, so the choice is visible with its error.
  const columnChoices = [
    ...textColumns.map((c) => ({ value: c.name, label: c.name })),
    ...(column && !textColumns.some((c) => c.name === column) ? [{ value: column, label: column }] : []),
  ];
  return (
    <fieldset className="space-y-2 rounded-md border border-stone-200 p-3" data-testid="text-fields">
      <legend className="px-1 text-xs font-medium text-stone-700">{t("title")}</legend>
      <CheckboxInput
        label={t("use")}
        checked={Boolean(text)}
        onChange={(on) => put(on ? { ...DEFAULTS, column: textColumns[0]?.name ?? "" } : undefined)}
      />
      {text ? (
        <>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <SelectInput
              label={t("column")}
              value={column}
              options={columnChoices}
              onChange={(v) => put({ column: v })}
              error={errorAt("preprocessing.text.column") ?? errorAt("preprocessing.text")}
            />
            <SelectInput
              label={t("level")}
              value={text.level ?? "auto"}
              options={TEXT_LEVELS.map((v) => ({ value: v, label: t(`levels.${v}`) }))}
              onChange={(v) => put({ level: v })}
            />
            <NumberInput
              label={t("vocabularySize")}
              value={text.vocabularySize ?? DEFAULTS.vocabularySize}
              step="100"
              onChange={(v) => put({ vocabularySize: v })}
              error={errorAt("preprocessing.text.vocabularySize")}
            />
            <NumberInput
              label={t("maxLength")}
              value={text.maxLength ?? DEFAULTS.maxLength}
              step="1"
              onChange={(v) => put({ maxLength: v })}
              error={errorAt("preprocessing.text.maxLength")}
            />
          </div>
          <CheckboxInput
            label={t("lowercase")}
            checked={text.lowercase !== false}
            onChange={(v) => put({ lowercase: v })}
          />
          <p className="text-xs text-stone-600">{t("help")}</p>
        </>
      ) : null}
    </fieldset>
  );
}
