import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { LOCALE_COOKIE, LOCALE_NAMES, negotiateLocale } from "@/lib/i18n/locales";
import { emailConfigured, getEmailDigest } from "@/lib/email/preferences";
import { getPreferences } from "@/lib/notifications";
import { PageHeader } from "../_components/ui/page-header";
import { currentUser } from "../_server/auth";
import { LanguageForm } from "./language-form";
import { EmailDigestSwitch, NotificationSwitches } from "./notification-switches";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

/**
 * Settings: open to everyone (a visitor's choice lives in a cookie, a user's in their account); a signed-in user also
 * gets a switch per notification type and one for the e-mail digest.
 */
export default async function SettingsPage() {
  const [t, tNotify, user, locale, headerList, jar] = await Promise.all([
    getTranslations("settings"),
    getTranslations("notificationSettings"),
    currentUser(),
    getLocale(),
    headers(),
    cookies(),
  ]);
  const chosen = user ? (user.locale ?? null) : (jar.get(LOCALE_COOKIE)?.value ?? null);
  const detected = negotiateLocale(undefined, headerList.get("accept-language"));
  const [preferences, emailDigest] = user
    ? await Promise.all([getPreferences(user.id), getEmailDigest(user.id)])
    : [null, false];
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("title")} lead={t("lead")} />
      <section aria-labelledby="language-heading" className="mt-6 rounded-lg border border-stone-200 bg-white p-5">
        <h2 id="language-heading" className="font-semibold text-stone-900">
          {t("language")}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{t("languageHint")}</p>
        <LanguageForm
          current={chosen && chosen in LOCALE_NAMES ? chosen : "auto"}
          detectedName={LOCALE_NAMES[detected]}
          locale={locale}
          signedIn={Boolean(user)}
        />
      </section>
      {preferences ? (
        <section
          aria-labelledby="notifications-heading"
          className="mt-6 rounded-lg border border-stone-200 bg-white p-5"
        >
          <h2 id="notifications-heading" className="font-semibold text-stone-900">
            {tNotify("heading")}
          </h2>
          <p className="mt-1 text-sm text-stone-600">{tNotify("hint")}</p>
          <NotificationSwitches preferences={preferences} />
          <h3 className="mt-6 border-t border-stone-100 pt-4 text-sm font-semibold text-stone-900">
            {tNotify("emailHeading")}
          </h3>
          <EmailDigestSwitch enabled={emailDigest} configured={emailConfigured()} />
        </section>
      ) : null}
    </div>
  );
}
