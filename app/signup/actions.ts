"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { loadEnv } from "@/lib/env";
import { isAppError, isRateLimited } from "@/lib/errors";
import { clientIp, consume, refund } from "@/lib/limits";
import { registerUser } from "@/lib/users/mutations";
import { actionFailure, type TActionResult } from "@/app/_server/action-result";
import { formString } from "@/app/_server/form-state";

type TValues = { email: string; handle: string; name: string };

/**
 * Sign-up answers a new email and an already registered one the same way — on to the sign-in page with "thanks for
 * signing up" — so the form cannot be used to learn who has an account (registerUser explains the timing). Hence no
 * automatic sign-in: only the account's owner can take the next step.
 */
export async function signUpAction(
  _prev: TActionResult<null, TValues> | null,
  data: FormData,
): Promise<TActionResult<null, TValues>> {
  const values = {
    email: formString(data, "email"),
    handle: formString(data, "handle"),
    name: formString(data, "name"),
  };
  const password = formString(data, "password");
  const ip = clientIp(await headers(), loadEnv().TRUST_PROXY);
  try {
    await consume("signUp", ip);
  } catch (error) {
    if (isRateLimited(error)) {
      return actionFailure(
        { code: error.code, key: "auth.rateLimited", values: { minutes: error.retryAfterMinutes } },
        values,
      );
    }
    throw error;
  }
  try {
    await registerUser({ ...values, password });
  } catch (error) {
    if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) {
      await refund("signUp", ip); // a form to correct is not a sign-up
      return actionFailure({ code: error.code, key: "auth.fixErrors", fieldErrors: error.fieldErrors }, values);
    }
    throw error;
  }
  redirect("/signin?welcome=1");
}
