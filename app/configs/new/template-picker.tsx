"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { TEMPLATE_IDS, templatesFor, type TTemplateId } from "@/lib/configs/templates";
import { Button } from "../../_components/ui/button";
import { RADIO_CARD } from "../../_components/ui/styles";

type TChoice = {
  versionId: string;
  label: string;
  kind: "TABULAR" | "IMAGE";
  taskType: "CLASSIFICATION" | "REGRESSION";
  /** Tabular: its columns, so text templates are offered only where a text column is. */
  targetColumn?: string;
  columns?: { name: string; type: string; distinct: number }[];
};

/** The richer starting point where several fit; the first offered otherwise (a text table: its bag of embeddings). */
const PREFERRED: readonly TTemplateId[] = ["mlp", "mlpRegression", "smallCnn", "textBagOfEmbeddings"];
const preferred = (offered: readonly TTemplateId[]) => PREFERRED.find((id) => offered.includes(id)) ?? offered[0];

/**
 * Template and dataset, chosen together: once a dataset is picked, only the templates made for its kind and task
 * are offered (the page builds the chosen one for that dataset); with none, every template, shapes unchecked.
 */
export function TemplatePicker(props: {
  datasets: TChoice[];
  initialDatasetId: string | null;
  initialTemplate: TTemplateId | null;
}) {
  const t = useTranslations("configNew");
  const tEditor = useTranslations("configEditor");
  const [datasetId, setDatasetId] = useState(props.initialDatasetId ?? "");
  const dataset = props.datasets.find((d) => d.versionId === datasetId) ?? null;
  const offered = dataset ? templatesFor(dataset) : TEMPLATE_IDS;
  const [picked, setPicked] = useState<TTemplateId | null>(props.initialTemplate);
  const template = picked && offered.includes(picked) ? picked : preferred(offered);

  return (
    <form action="/configs/new" className="space-y-4 rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
      <label className="block text-sm font-medium text-stone-800">
        {tEditor("dataset")}
        <select
          name="dataset"
          value={datasetId}
          onChange={(e) => setDatasetId(e.target.value)}
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
        >
          <option value="">{tEditor("noDataset")}</option>
          {props.datasets.map((c) => (
            <option key={c.versionId} value={c.versionId}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="space-y-2" data-testid="template-choices">
        <legend className="text-sm font-medium text-stone-800">
          {dataset ? t("templatesFor", { dataset: dataset.label }) : t("template")}
        </legend>
        {offered.length ? (
          <div className="grid gap-2 sm:grid-cols-2">
            {offered.map((id) => (
              <label key={id} className={RADIO_CARD}>
                <input
                  type="radio"
                  name="template"
                  value={id}
                  checked={id === template}
                  onChange={() => setPicked(id)}
                  className="mt-0.5"
                />
                <span>
                  <span className="block font-medium">{t(`templates.${id}`)}</span>
                  <span className="block text-xs text-stone-500">{t(`templateHints.${id}`)}</span>
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="text-sm text-stone-600">{t("noTemplates")}</p>
        )}
      </fieldset>
      <Button type="submit" disabled={!offered.length}>
        {t("start")}
      </Button>
    </form>
  );
}
