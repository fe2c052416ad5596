"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../../../../_components/ui/button";
import { Field, FormAlert } from "../../../../_components/ui/field";
import type { TFormState } from "../../../../_server/form-state";
import { updateDatasetAction } from "./actions";

type TValues = { title: string; description: string; license: string; citation: string; tags: string; visibility: string };

export function EditDatasetForm({ datasetId, path, initial, licenses }: { datasetId: string; path: string; initial: TValues; licenses: readonly string[] }) {
  const t = useTranslations("datasetForm");
  const td = useTranslations("datasets");
  const tv = useTranslations("validation");
  const [state, action, pending] = useActionState(updateDatasetAction.bind(null, datasetId, path), { status: "idle", fieldErrors: {}, values: initial } as TFormState);
  const v = { ...initial, ...state.values } as TValues;
  const err = (name: string) => (state.fieldErrors[name] ? tv(state.fieldErrors[name] as "invalid") : undefined);
  return (
    <form action={action} className="space-y-5" noValidate>
      {state.status === "error" ? <FormAlert>{t("fixFields")}</FormAlert> : null}
      <Field label={t("titleLabel")} name="title" defaultValue={v.title} maxLength={120} error={err("title")} />
      <Field label={t("description")} name="description" multiline rows={8} defaultValue={v.description} hint={t("descriptionHint")} error={err("description")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Field label={t("license")} name="license" list="spdx-licenses" defaultValue={v.license} hint={t("licenseHint")} error={err("license")} />
          <datalist id="spdx-licenses">{licenses.map((l) => <option key={l} value={l} />)}</datalist>
        </div>
        <Field label={t("tags")} name="tags" defaultValue={v.tags} hint={t("tagsHint")} error={err("tags")} />
      </div>
      <Field label={t("citation")} name="citation" defaultValue={v.citation} error={err("citation")} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-stone-800">{t("visibility")}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {(["PUBLIC", "UNLISTED", "PRIVATE"] as const).map((vis) => (
            <label key={vis} className="flex cursor-pointer items-start gap-2 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
              <input type="radio" name="visibility" value={vis} defaultChecked={v.visibility === vis} className="mt-0.5" />
              <span>
                <span className="block font-medium">{td(`visibility.${vis}`)}</span>
                <span className="block text-xs text-stone-500">{t(`visibilityHint.${vis}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" disabled={pending}>{t("save")}</Button>
    </form>
  );
}
