"use client";

import { useTranslations } from "next-intl";
import { FormAlert } from "../ui/field";
import type { TUploadState } from "./use-upload";

/** Progress bar while uploading/processing, and the specific message when the server says no. */
export function UploadStatus({ state }: { state: TUploadState }) {
  const t = useTranslations("datasetForm");
  const te = useTranslations("datasetErrors");
  if (state.phase === "uploading" || state.phase === "processing") {
    const percent = state.phase === "uploading" ? state.percent : 100;
    return (
      <div role="status" aria-live="polite" className="space-y-1">
        <div
          className="h-2 overflow-hidden rounded-full bg-stone-200"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div
            className={`h-full bg-brand-600 transition-all ${state.phase === "processing" ? "animate-pulse" : ""}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        <p className="text-sm text-stone-600">
          {state.phase === "uploading" ? t("uploading", { percent }) : t("processing")}
        </p>
      </div>
    );
  }
  if (state.phase !== "error") return null;
  const { error } = state;
  if (error.kind === "data") {
    return (
      <FormAlert>
        <p className="font-medium">{t("dataError")}</p>
        <p data-testid="data-error">{te(error.key as "csv.empty", error.values as Record<string, string>)}</p>
      </FormAlert>
    );
  }
  const message = {
    fields: t("fixFields"),
    auth: t("signInRequired"),
    network: t("networkError"),
    server: t("serverError"),
  }[error.kind];
  return <FormAlert>{message}</FormAlert>;
}
