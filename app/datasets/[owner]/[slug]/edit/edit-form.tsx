"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";
import { Field, FormAlert } from "@/app/_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { VisibilityField } from "@/app/datasets/visibility-field";
import { updateDatasetAction } from "./actions";

type TValues = {
  title: string;
  description: string;
  license: string;
  citation: string;
  tags: string;
  visibility: string;
  primaryMetric: string;
};

export function EditDatasetForm({
  datasetId,
  path,
  initial,
  licenses,
  metrics,
}: {
  datasetId: string;
  path: string;
  initial: TValues;
  licenses: readonly string[];
  metrics: { value: string; label: string }[];
}) {
  const t = useTranslations("datasetForm");
  const tv = useTranslations("validation");
  const [state, action, pending] = useActionState(updateDatasetAction.bind(null, datasetId, path), null);
  const failure = failureOf(state);
  const v = { ...initial, ...(state && !state.ok ? state.input : {}) } as TValues;
  const err = (name: string) => (failure?.fieldErrors[name] ? tv(failure.fieldErrors[name] as "invalid") : undefined);
  return (
    <form action={action} className="space-y-5" noValidate>
      {failure ? <FormAlert>{t("fixFields")}</FormAlert> : null}
      <Field label={t("titleLabel")} name="title" defaultValue={v.title} maxLength={120} error={err("title")} />
      <Field
        label={t("description")}
        name="description"
        multiline
        rows={8}
        defaultValue={v.description}
        hint={t("descriptionHint")}
        error={err("description")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Field
            label={t("license")}
            name="license"
            list="spdx-licenses"
            defaultValue={v.license}
            hint={t("licenseHint")}
            error={err("license")}
          />
          <datalist id="spdx-licenses">
            {licenses.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        <Field label={t("tags")} name="tags" defaultValue={v.tags} hint={t("tagsHint")} error={err("tags")} />
      </div>
      <Field label={t("citation")} name="citation" defaultValue={v.citation} error={err("citation")} />
      <label className="block text-sm font-medium text-stone-800">
        {t("primaryMetric")}
        <select
          name="primaryMetric"
          defaultValue={v.primaryMetric}
          aria-describedby="primary-metric-hint"
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm sm:w-72"
        >
          {metrics.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <span id="primary-metric-hint" className="mt-1 block text-xs font-normal text-stone-500">
          {err("primaryMetric") ?? t("primaryMetricHint")}
        </span>
      </label>
      <VisibilityField defaultValue={v.visibility} />
      <Button type="submit" disabled={pending}>
        {t("save")}
      </Button>
    </form>
  );
}
