"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { FormAlert } from "@/app/_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { reproduceAction } from "../reproduce-action";

/**
 * "Reproduce with a new seed": queues the run again as the viewer's own run (their limits); the thread shows the
 * queued event, and later the outcome, as system events. Shown by the thread page to signed-in viewers.
 */
export function ReproduceButton({ threadId, runId }: { threadId: string; runId: string }) {
  const t = useTranslations("reproduce");
  const [state, action, pending] = useActionState(reproduceAction.bind(null, threadId, runId), null);
  const failure = failureOf(state);
  return (
    <form action={action} className="flex min-w-0 flex-col items-start gap-2">
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending} data-testid="reproduce">
        {pending ? t("pending") : t("button")}
      </Button>
      {failure ? (
        <FormAlert>
          {t(failure.key.replace(/^reproduce\./, "") as "notFound", {
            minutes: Number(failure.values.minutes ?? 1),
            max: Number(failure.values.max ?? 0),
          })}
        </FormAlert>
      ) : state?.ok ? (
        <FormAlert tone="success">
          {t.rich("queued", {
            seed: state.value.seed,
            link: (chunks) => (
              <Link href={`/runs/${state.value.runId}`} className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </FormAlert>
      ) : null}
    </form>
  );
}
