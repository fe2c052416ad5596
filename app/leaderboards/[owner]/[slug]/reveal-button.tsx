"use client";

import { useTransition } from "react";
import { useTranslations } from "next-intl";
import { setRevealAction } from "@/app/leaderboards/actions";

/** The owner's switch for showing a board's private scores (boards without a competition). */
export function RevealButton({
  datasetVersionId,
  boardPath,
  revealed,
}: {
  datasetVersionId: string;
  boardPath: string;
  revealed: boolean;
}) {
  const t = useTranslations("leaderboard");
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(() => setRevealAction(datasetVersionId, boardPath, !revealed))}
      className="inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100 disabled:text-stone-400"
    >
      {revealed ? t("hide") : t("reveal")}
    </button>
  );
}
