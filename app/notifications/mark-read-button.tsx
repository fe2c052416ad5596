"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { markNotificationsReadAction } from "./actions";

/** "Mark read" for one notification, or "Mark all read" (`ids` = "all"); the page re-renders with the new state. */
export function MarkReadButton({ ids, disabled = false }: { ids: string[] | "all"; disabled?: boolean }) {
  const t = useTranslations("notificationsPage");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  const all = ids === "all";
  return (
    <span className="inline-flex flex-col items-end">
      <button
        type="button"
        disabled={disabled || pending}
        data-testid={all ? "mark-all-read" : "mark-read"}
        onClick={() =>
          startTransition(async () => {
            const result = await markNotificationsReadAction(ids).catch(() => null);
            setFailed(!result?.ok);
            if (result?.ok) router.refresh();
          })
        }
        className={
          all
            ? "inline-flex items-center justify-center rounded-md border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-100 disabled:cursor-not-allowed disabled:text-stone-400"
            : "whitespace-nowrap rounded-md px-2 py-1 text-xs text-stone-600 hover:bg-stone-100 hover:text-stone-900 disabled:opacity-60"
        }
      >
        {all ? t("markAllRead") : t("markRead")}
      </button>
      {failed ? (
        <span role="alert" className="mt-1 text-xs text-red-700">
          {t("markFailed")}
        </span>
      ) : null}
    </span>
  );
}
