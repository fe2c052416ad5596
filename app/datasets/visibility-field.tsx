"use client";

import { useTranslations } from "next-intl";

import { RADIO_CARD } from "../_components/ui/styles";

/** Public / unlisted / private, each with what it means. Shared by the upload and edit forms. */
export function VisibilityField({ defaultValue = "PUBLIC" }: { defaultValue?: string }) {
  const t = useTranslations("datasetForm");
  const td = useTranslations("datasets");
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-stone-800">{t("visibility")}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {(["PUBLIC", "UNLISTED", "PRIVATE"] as const).map((v) => (
          <label key={v} className={RADIO_CARD}>
            <input type="radio" name="visibility" value={v} defaultChecked={v === defaultValue} className="mt-0.5" />
            <span>
              <span className="block font-medium">{td(`visibility.${v}`)}</span>
              <span className="block text-xs text-stone-500">{t(`visibilityHint.${v}`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
