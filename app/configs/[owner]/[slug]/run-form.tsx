"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";
import { FormAlert } from "@/app/_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { submitRunAction } from "@/app/runs/actions";
import { specIssueText } from "../../_editor/spec-issue";

/** Submit this revision for training on a dataset version. */
export function RunForm({
  revisionId,
  datasets,
  defaultDatasetId,
}: {
  revisionId: string;
  datasets: { versionId: string; label: string }[];
  defaultDatasetId: string | null;
}) {
  const t = useTranslations("runForm");
  const tIssue = useTranslations("specIssues");
  const [state, action, pending] = useActionState(submitRunAction.bind(null, revisionId), null);
  const failure = failureOf(state);
  return (
    <form action={action} className="space-y-3 rounded-lg border border-stone-200 bg-white p-4">
      <h2 className="font-semibold text-stone-900">{t("title")}</h2>
      <label className="block text-sm">
        {t("dataset")}
        <select
          name="datasetVersionId"
          defaultValue={defaultDatasetId ?? ""}
          required
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
        >
          {datasets.map((d) => (
            <option key={d.versionId} value={d.versionId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        {t("seed")}
        <input
          name="seed"
          type="number"
          min={0}
          placeholder={t("seedPlaceholder")}
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
        />
      </label>
      {failure ? (
        <FormAlert>
          <p>
            {t(failure.key.replace(/^runForm\./, "") as "competitionDailyLimit", {
              limit: Number(failure.values.limit ?? 0),
              minutes: Number(failure.values.minutes ?? 1),
            })}
          </p>
          {failure.issues?.length ? (
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">
              {failure.issues.map((i) => (
                <li key={i.message}>{specIssueText(tIssue, i)}</li>
              ))}
            </ul>
          ) : null}
        </FormAlert>
      ) : null}
      <Button type="submit" disabled={pending || datasets.length === 0}>
        {t("submit")}
      </Button>
    </form>
  );
}
