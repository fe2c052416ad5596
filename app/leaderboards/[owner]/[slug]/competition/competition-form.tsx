"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";
import { Field, FormAlert } from "@/app/_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { createCompetitionAction } from "@/app/leaderboards/actions";

type TValues = {
  title: string;
  description: string;
  metric: string;
  startsAt: string;
  endsAt: string;
  dailyLimit: string;
  totalLimit: string;
  finalLimit: string;
};
const SELECT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm";

export function CompetitionForm({
  boardPath,
  versions,
  metrics,
  initial,
}: {
  boardPath: string;
  versions: { id: string; label: string; selected: boolean }[];
  metrics: { value: string; label: string }[];
  initial: TValues;
}) {
  const t = useTranslations("competition");
  const tv = useTranslations("validation");
  const [state, action, pending] = useActionState(createCompetitionAction.bind(null, boardPath), null);
  const failure = failureOf(state);
  const v = { ...initial, ...(state && !state.ok ? state.input : {}) } as TValues;
  const err = (name: string) => (failure?.fieldErrors[name] ? tv(failure.fieldErrors[name] as "invalid") : undefined);
  return (
    <form action={action} className="space-y-5" noValidate>
      {failure ? <FormAlert>{t(failure.key.replace(/^competition\./, "") as "exists")}</FormAlert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium text-stone-800">
          {t("version")}
          <select
            name="datasetVersionId"
            defaultValue={versions.find((x) => x.selected)?.id ?? versions[0]?.id}
            className={SELECT}
          >
            {versions.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-stone-800">
          {t("metricLabel")}
          <select
            name="metric"
            defaultValue={v.metric}
            className={SELECT}
            aria-invalid={err("metric") ? true : undefined}
          >
            {metrics.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
          {err("metric") ? (
            <span role="alert" className="mt-1 block text-sm font-normal text-red-700">
              {err("metric")}
            </span>
          ) : null}
        </label>
      </div>
      <Field label={t("titleLabel")} name="title" defaultValue={v.title} maxLength={120} error={err("title")} />
      <Field
        label={t("description")}
        name="description"
        multiline
        rows={5}
        defaultValue={v.description}
        hint={t("descriptionHint")}
        error={err("description")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("startsAt")}
          name="startsAt"
          type="datetime-local"
          defaultValue={v.startsAt}
          error={err("startsAt")}
        />
        <Field label={t("endsAt")} name="endsAt" type="datetime-local" defaultValue={v.endsAt} error={err("endsAt")} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label={t("dailyLimit")}
          name="dailyLimit"
          type="number"
          min={1}
          max={100}
          defaultValue={v.dailyLimit}
          error={err("dailyLimit")}
        />
        <Field
          label={t("totalLimit")}
          name="totalLimit"
          type="number"
          min={1}
          max={10000}
          defaultValue={v.totalLimit}
          error={err("totalLimit")}
        />
        <Field
          label={t("finalLimit")}
          name="finalLimit"
          type="number"
          min={1}
          max={10}
          defaultValue={v.finalLimit}
          error={err("finalLimit")}
        />
      </div>
      <p className="text-sm text-stone-500">{t("resetWarning")}</p>
      <Button type="submit" disabled={pending || versions.length === 0}>
        {t("create")}
      </Button>
    </form>
  );
}
