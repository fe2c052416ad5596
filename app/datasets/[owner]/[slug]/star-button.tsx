"use client";

import { useOptimistic, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toggleStarAction } from "./actions";

export function StarButton({
  datasetId,
  starred,
  count,
  signedIn,
  path,
}: {
  datasetId: string;
  starred: boolean;
  count: number;
  signedIn: boolean;
  path: string;
}) {
  const t = useTranslations("dataset");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setOptimistic] = useOptimistic({ starred, count });
  return (
    <button
      type="button"
      aria-pressed={state.starred}
      disabled={pending}
      onClick={() => {
        if (!signedIn) return router.push(`/signin?callbackUrl=${encodeURIComponent(path)}`);
        startTransition(async () => {
          setOptimistic({ starred: !state.starred, count: state.count + (state.starred ? -1 : 1) });
          await toggleStarAction(datasetId, !state.starred, path);
          router.refresh();
        });
      }}
      className="inline-flex items-center gap-1.5 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
    >
      <span aria-hidden className={state.starred ? "text-amber-500" : "text-stone-400"}>
        ★
      </span>
      {state.starred ? t("starred") : t("star")}
      <span className="text-stone-500">{state.count}</span>
    </button>
  );
}
