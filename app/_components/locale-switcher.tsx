"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { LOCALES, LOCALE_NAMES, LOCALE_SHORT_NAMES } from "@/lib/i18n/locales";
import { chooseLocaleAction } from "../settings/actions";

/**
 * The header's language menu: a native select (keyboard and screen readers for free). The choice is saved by
 * chooseLocaleAction (cookie; the account's setting when signed in) and the page re-renders in it.
 */
export function LocaleSwitcher() {
  const t = useTranslations("locale");
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <div className="flex items-center">
      <label htmlFor={id} className="sr-only">
        {t("label")}
      </label>
      <svg aria-hidden viewBox="0 0 20 20" className="mr-1 hidden h-4 w-4 text-stone-500 sm:block" fill="currentColor">
        <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm5.9 7h-2.95a12.7 12.7 0 0 0-1.1-4.8A6.02 6.02 0 0 1 15.9 9ZM10 4.04c.7.9 1.5 2.6 1.7 4.96H8.3c.2-2.36 1-4.06 1.7-4.96ZM8.15 4.2A12.7 12.7 0 0 0 7.05 9H4.1a6.02 6.02 0 0 1 4.05-4.8ZM4.1 11h2.95c.1 1.8.5 3.48 1.1 4.8A6.02 6.02 0 0 1 4.1 11Zm5.9 4.96c-.7-.9-1.5-2.6-1.7-4.96h3.4c-.2 2.36-1 4.06-1.7 4.96Zm1.85-.16c.6-1.32 1-3 1.1-4.8h2.95a6.02 6.02 0 0 1-4.05 4.8Z" />
      </svg>
      <select
        id={id}
        data-testid="locale-switcher"
        value={locale}
        disabled={pending}
        aria-invalid={failed || undefined}
        title={failed ? t("failed") : undefined}
        onChange={(event) => {
          const choice = event.target.value;
          startTransition(async () => {
            const result = await chooseLocaleAction(choice);
            setFailed(!result.ok);
            if (result.ok) router.refresh();
          });
        }}
        className="cursor-pointer rounded-md border border-transparent bg-transparent py-1 pl-1 pr-6 text-sm text-stone-700 hover:bg-stone-100 focus:border-brand-500 disabled:opacity-60 aria-[invalid]:border-red-500"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l} title={LOCALE_NAMES[l]}>
            {LOCALE_SHORT_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
