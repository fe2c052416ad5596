"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LOCALES, LOCALE_NAMES } from "@/lib/i18n/locales";
import { Button } from "../_components/ui/button";
import { RADIO_CARD } from "../_components/ui/styles";
import { chooseLocaleAction, type TLocaleChoice } from "./actions";

export function LanguageForm({
  current,
  detectedName,
  locale,
  signedIn,
}: {
  current: string;
  detectedName: string;
  locale: string;
  signedIn: boolean;
}) {
  const t = useTranslations("settings");
  const tLocale = useTranslations("locale");
  const router = useRouter();
  const [choice, setChoice] = useState(current);
  const [status, setStatus] = useState<"idle" | "saved" | "failed">("idle");
  const [pending, startTransition] = useTransition();
  const options: { value: TLocaleChoice; label: string; lang?: string }[] = [
    { value: "auto", label: t("auto", { detected: detectedName }) },
    ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l })),
  ];
  return (
    <form
      className="mt-4 space-y-3"
      data-testid="language-form"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await chooseLocaleAction(choice);
          setStatus(result.ok ? "saved" : "failed");
          if (result.ok) router.refresh();
        });
      }}
    >
      <fieldset className="grid gap-2 sm:grid-cols-3">
        <legend className="sr-only">{t("language")}</legend>
        {options.map((o) => (
          <label key={o.value} className={RADIO_CARD}>
            <input
              type="radio"
              name="locale"
              value={o.value}
              checked={choice === o.value}
              onChange={() => {
                setChoice(o.value);
                setStatus("idle");
              }}
              className="mt-0.5"
            />
            <span lang={o.lang} className="break-words">
              {o.label}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <p role="status" className="text-sm text-stone-600" lang={locale}>
          {status === "saved"
            ? t(signedIn ? "savedAccount" : "savedBrowser")
            : status === "failed"
              ? tLocale("failed")
              : ""}
        </p>
      </div>
    </form>
  );
}
