"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../../../_components/ui/button";
import { FormAlert } from "../../../_components/ui/field";
import { submitRunAction, type TSubmitState } from "../../../runs/actions";

/** Submit this revision for training on a dataset version. */
export function RunForm({ revisionId, datasets, defaultDatasetId }: { revisionId: string; datasets: { versionId: string; label: string }[]; defaultDatasetId: string | null }) {
  const t = useTranslations("runForm");
  const [state, action, pending] = useActionState<TSubmitState, FormData>(submitRunAction.bind(null, revisionId), {});
  return (
    <form action={action} className="space-y-3 rounded-lg border border-stone-200 bg-white p-4">
      <h2 className="font-semibold text-stone-900">{t("title")}</h2>
      <label className="block text-sm">
        {t("dataset")}
        <select name="datasetVersionId" defaultValue={defaultDatasetId ?? ""} required className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm">
          {datasets.map((d) => <option key={d.versionId} value={d.versionId}>{d.label}</option>)}
        </select>
      </label>
      <label className="block text-sm">
        {t("seed")}
        <input name="seed" type="number" min={0} placeholder={t("seedPlaceholder")} className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm" />
      </label>
      {state.error ? (
        <FormAlert>
          <p>{t(state.error.replace(/^runForm\./, "") as "competitionDailyLimit", { limit: state.limit ?? 0, minutes: state.minutes ?? 1 })}</p>
          {state.issues?.length ? <ul className="mt-1 list-disc pl-5 font-mono text-xs">{state.issues.map((i) => <li key={i}>{i}</li>)}</ul> : null}
        </FormAlert>
      ) : null}
      <Button type="submit" disabled={pending || datasets.length === 0}>{t("submit")}</Button>
    </form>
  );
}
