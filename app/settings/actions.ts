"use server";

import { cookies } from "next/headers";
import { publicUrlIsHttps } from "@/lib/env";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, type TLocale } from "@/lib/i18n/locales";
import { setEmailDigest } from "@/lib/email/preferences";
import { setPreference, type TNotificationType } from "@/lib/notifications";
import { setUserLocale } from "@/lib/users/mutations";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { currentUser, unstable_update } from "@/app/_server/auth";
import { requireWriter } from "@/app/_server/writer";

/** "auto" clears the choice: the browser's Accept-Language decides again. */
export type TLocaleChoice = TLocale | "auto";

/**
 * The header switcher and the settings page: sets the cookie every visitor's pages follow and, for a signed-in
 * user, their setting (it wins on every device they sign in on). Changing nothing else, a bad value is refused.
 */
export async function chooseLocaleAction(choice: string): Promise<TActionResult<{ choice: TLocaleChoice }>> {
  if (choice !== "auto" && !isLocale(choice))
    return actionFailure({ code: "INVALID_INPUT", key: "locale.unsupported", values: { choice: String(choice) } });
  if (await currentUser()) {
    const actor = await requireWriter();
    const locale = choice === "auto" ? null : choice;
    await setUserLocale({ actor, locale });
    await unstable_update({ user: { locale } });
  }
  const jar = await cookies();
  if (choice === "auto") jar.delete(LOCALE_COOKIE);
  else
    jar.set(LOCALE_COOKIE, choice, {
      path: "/",
      maxAge: LOCALE_COOKIE_MAX_AGE_S,
      sameSite: "lax",
      secure: publicUrlIsHttps(),
    });
  return actionOk({ choice });
}

/** Switches one notification type on or off for the signed-in user (INVALID_INPUT, thrown, for an unknown type). */
export async function setNotificationPreferenceAction(
  type: TNotificationType,
  enabled: boolean,
): Promise<TActionResult<Record<TNotificationType, boolean>>> {
  const actor = await requireWriter();
  return actionOk(await setPreference(actor.id, type, enabled));
}

/** Turns the signed-in user's e-mail digest on or off; the value is the new state. */
export async function setEmailDigestAction(enabled: boolean): Promise<TActionResult<boolean>> {
  const actor = await requireWriter();
  return actionOk(await setEmailDigest(actor.id, enabled));
}
