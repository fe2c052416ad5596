"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";
import { FormAlert } from "@/app/_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { setFinalsAction } from "@/app/leaderboards/actions";

type TRun = { runId: string; score: string; submitted: string; chosen: boolean };

/** A participant picks the runs that count on the private board. */
export function FinalsForm({
  competitionId,
  boardPath,
  limit,
  closed,
  runs,
}: {
  competitionId: string;
  boardPath: string;
  limit: number;
  closed: boolean;
  runs: TRun[];
}) {
  const t = useTranslations("competition");
  const [state, action, pending] = useActionState(setFinalsAction.bind(null, competitionId, boardPath), null);
  const failure = failureOf(state);
  const message = failure
    ? t(failure.key.replace(/^competition\./, "") as "tooManyFinals", { n: Number(failure.values.limit ?? limit) })
    : null;
  return (
    <details className="mt-3 rounded-md border border-stone-200 bg-white p-3" open={state !== null}>
      <summary className="cursor-pointer text-sm font-medium text-stone-900">
        {t("finalsTitle")} ({runs.filter((r) => r.chosen).length}/{limit})
      </summary>
      <form action={action} className="mt-2 space-y-2">
        <p className="text-xs text-stone-500">{closed ? t("finalsClosed") : t("finalsHint", { n: limit })}</p>
        <ul className="max-h-64 space-y-1 overflow-y-auto text-sm">
          {runs.map((r) => (
            <li key={r.runId}>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="final"
                  value={r.runId}
                  defaultChecked={r.chosen}
                  disabled={closed}
                  className="h-4 w-4 accent-brand-600"
                />
                <span className="font-mono">{r.score}</span>
                <span className="text-xs text-stone-500">{r.submitted}</span>
                {r.chosen ? <span className="text-xs font-medium text-brand-700">{t("finalsChosen")}</span> : null}
              </label>
            </li>
          ))}
        </ul>
        {message ? <FormAlert>{message}</FormAlert> : null}
        {state?.ok ? <FormAlert tone="success">{t("finalsSaved")}</FormAlert> : null}
        {closed ? null : (
          <Button type="submit" variant="secondary" disabled={pending}>
            {t("finalsSave")}
          </Button>
        )}
      </form>
    </details>
  );
}
