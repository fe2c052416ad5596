import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/locales";
import { currentUser } from "../_server/auth";

/** The request's locale by the one rule (lib/i18n/locales.ts): user setting, cookie, Accept-Language, English. */
export default getRequestConfig(async () => {
  const [cookieStore, headerList, user] = await Promise.all([cookies(), headers(), currentUser()]);
  const locale = negotiateLocale(
    cookieStore.get(LOCALE_COOKIE)?.value,
    headerList.get("accept-language"),
    user?.locale,
  );
  const messages = (await import(`../../lib/i18n/messages/${locale}.json`)).default as Record<string, unknown>;
  return { locale, messages };
});
