"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { TFineTuneAnalysis, TFineTuneBase } from "@/lib/configs/fine-tune-shapes";
import { getAt, setAt, type TDraft } from "./draft";
import { CheckboxInput, NumberInput, SelectInput } from "./inputs";

/**
 * The fine-tune section of the form: which run the model starts from (with a link and its author), which of its layers
 * stay frozen, whether its head is replaced, the base layers' learning rate and feature-extractor mode. Shown only for
 * a spec with `fineTune`; the base's layers are listed with their shapes above the new head (LayerList).
 */
export function FineTuneFields({
  draft,
  onChange,
  errorAt,
  base,
  analysis,
}: {
  draft: TDraft;
  onChange: (d: TDraft) => void;
  errorAt: (path: string) => string | undefined;
  base: TFineTuneBase | null;
  analysis: TFineTuneAnalysis | null;
}) {
  const t = useTranslations("configEditor.fineTune");
  const format = useFormatter();
  const at = (field: string) => getAt(draft, ["fineTune", field]);
  const put = (field: string, v: unknown) => onChange(setAt(draft, ["fineTune", field], v));
  const freeze = String(at("freeze") ?? "allBase");
  const info = analysis?.base;
  return (
    <div className="space-y-3 rounded-lg border border-brand-100 bg-brand-50/40 p-4" data-testid="fine-tune-fields">
      <p className="text-sm text-stone-800">
        {base ? (
          t.rich("from", {
            label: base.label,
            author: base.authorHandle,
            run: (chunks) => (
              <Link href={`/runs/${base.runId}`} className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
          })
        ) : (
          <span translate="no">{String(at("baseRunId") ?? "")}</span>
        )}
      </p>
      {errorAt("fineTune.baseRunId") ? (
        <p role="alert" className="text-sm text-red-700">
          {errorAt("fineTune.baseRunId")}
        </p>
      ) : null}
      {info ? (
        <p className="text-xs text-stone-500">{t("baseInput", { shape: `[${info.inputShape.join(", ")}]` })}</p>
      ) : null}
      {info ? (
        <ol className="space-y-0.5 text-xs text-stone-700" data-testid="base-layers">
          {info.layers.map((layer, i) => (
            <li key={i} className="flex flex-wrap gap-x-2">
              <span className="font-mono">{layer.type}</span>
              <span className="text-stone-500">[{layer.outputShape.join(", ")}]</span>
              <span className="text-stone-500">{t("params", { count: format.number(layer.params) })}</span>
              <span className={i < info.frozen ? "text-sky-800" : "text-brand-700"}>
                {i < info.frozen ? t("frozen") : t("trainable")}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectInput
          label={t("freeze")}
          value={freeze}
          options={["allBase", "firstK", "none"].map((v) => ({ value: v, label: t(`freezeModes.${v}`) }))}
          onChange={(v) => put("freeze", v)}
        />
        {freeze === "firstK" ? (
          <NumberInput
            label={t("freezeFirst")}
            value={at("freezeFirst") ?? 0}
            step="1"
            onChange={(v) => put("freezeFirst", v)}
            error={errorAt("fineTune.freezeFirst")}
          />
        ) : null}
        <SelectInput
          label={t("head")}
          value={at("head") ?? "replace"}
          options={["replace", "append"].map((v) => ({ value: v, label: t(`headModes.${v}`) }))}
          onChange={(v) => put("head", v)}
        />
        {freeze !== "allBase" ? (
          <NumberInput
            label={t("baseLearningRateFactor")}
            value={at("baseLearningRateFactor") ?? 1}
            step="0.05"
            onChange={(v) => put("baseLearningRateFactor", v)}
            error={errorAt("fineTune.baseLearningRateFactor")}
          />
        ) : null}
      </div>
      <CheckboxInput
        label={t("featureExtractor")}
        checked={Boolean(at("featureExtractor"))}
        onChange={(v) => put("featureExtractor", v)}
      />
      {errorAt("fineTune.featureExtractor") ? (
        <p role="alert" className="text-sm text-red-700">
          {errorAt("fineTune.featureExtractor")}
        </p>
      ) : null}
      <p className="text-xs text-stone-600">{t("help")}</p>
    </div>
  );
}
