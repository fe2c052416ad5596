"use client";

import { useId, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { reportAction } from "@/app/moderation/actions";
import { REPORT_TEXT_MAX } from "@/lib/moderation/sizes";
import { useModerationFailure } from "./moderation-failure";

const REASONS = ["SPAM", "ABUSE", "OFF_TOPIC", "LEAK", "OTHER"] as const;

/**
 * "Report": a small button that opens a dialog (reason, optional details) and sends the report to the moderators.
 * Rendered through app/_components/report.tsx, which gives it its catalogue namespaces.
 */
export function ReportButton({
  kind,
  targetId,
  className = "",
}: {
  kind: "POST" | "THREAD" | "DATASET" | "CONFIG" | "USER";
  targetId: string;
  className?: string;
}) {
  const t = useTranslations("moderation");
  const failureText = useModerationFailure();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const open = () => {
    setError(null);
    dialog.current?.showModal();
  };
  const submit = (data: FormData) =>
    start(async () => {
      setError(null);
      const result = await reportAction({
        kind,
        targetId,
        reason: String(data.get("reason") ?? ""),
        text: String(data.get("text") ?? ""),
      });
      if (result.ok) {
        setSent(true);
        dialog.current?.close();
      } else setError(failureText.message(result.error));
    });

  return (
    <>
      {sent ? (
        <span className="text-xs text-stone-500" role="status" data-testid="report-sent">
          {t("sent")}
        </span>
      ) : (
        <button
          type="button"
          onClick={open}
          data-testid="report"
          className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-stone-500 hover:bg-stone-100 hover:text-stone-800 ${className}`}
        >
          <span aria-hidden>⚑</span>
          {t("report")}
        </button>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-stone-200 p-0 shadow-xl backdrop:bg-stone-900/40"
      >
        <form
          onSubmit={(e) => {
            // Handled here, not as a form action: a client function as `action` renders a javascript: URL.
            e.preventDefault();
            submit(new FormData(e.currentTarget));
          }}
          className="space-y-4 p-4"
          data-testid="report-form"
        >
          <div>
            <h2 id={`${id}-title`} className="text-lg font-semibold text-stone-900">
              {t("reportTitle")}
            </h2>
            <p className="mt-1 text-sm text-stone-600">{t("reportLead")}</p>
          </div>
          <fieldset className="space-y-1.5">
            <legend className="mb-1 text-sm font-medium text-stone-800">{t("reasonLabel")}</legend>
            {REASONS.map((reason, i) => (
              <label key={reason} className="flex items-center gap-2 text-sm text-stone-700">
                <input type="radio" name="reason" value={reason} defaultChecked={i === 0} required />
                {t(`reasons.${reason}`)}
              </label>
            ))}
          </fieldset>
          <div>
            <label htmlFor={`${id}-text`} className="block text-sm font-medium text-stone-800">
              {t("textLabel")} <span className="font-normal text-stone-500">({t("optional")})</span>
            </label>
            <textarea
              id={`${id}-text`}
              name="text"
              rows={3}
              maxLength={REPORT_TEXT_MAX}
              className="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            />
            <p className="mt-1 text-xs text-stone-500">{t("textHint", { max: REPORT_TEXT_MAX })}</p>
          </div>
          {error ? (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-md px-3 py-1.5 text-sm text-stone-700 hover:bg-stone-100"
            >
              {t("cancel")}
            </button>
            <button
              type="submit"
              disabled={pending}
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {t("send")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
