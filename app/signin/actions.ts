"use server";

import { AuthError } from "next-auth";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { signIn, type SignInRateLimited } from "@/app/_server/auth";
import { formString, safeRedirectPath } from "@/app/_server/form-state";

type TValues = { email: string };

export async function signInAction(
  _prev: TActionResult<null, TValues> | null,
  data: FormData,
): Promise<TActionResult<null, TValues>> {
  const values = { email: formString(data, "email") };
  const password = formString(data, "password");
  const fieldErrors: Record<string, string> = {};
  if (!values.email.trim()) fieldErrors.email = "email.required";
  if (!password) fieldErrors.password = "password.required";
  if (Object.keys(fieldErrors).length)
    return actionFailure({ code: "INVALID_INPUT", key: "auth.fixErrors", fieldErrors }, values);
  try {
    await signIn("credentials", {
      email: values.email,
      password,
      redirectTo: safeRedirectPath(formString(data, "callbackUrl")),
    });
  } catch (error) {
    // Too many attempts for this email or from this IP (SignInRateLimited, app/_server/auth.ts), known by its code:
    // Next may bundle auth.ts into more than one server chunk, so instanceof of our own class is not reliable.
    const limited = error instanceof AuthError ? (error as Partial<SignInRateLimited>) : null;
    if (limited?.code === "rate_limited") {
      const minutes = Math.max(1, Math.ceil((limited.retryAfterSeconds ?? 60) / 60));
      return actionFailure({ code: "RATE_LIMITED", key: "auth.rateLimited", values: { minutes } }, values);
    }
    // Only Auth.js's own errors mean "not signed in"; Next's redirect and real faults propagate.
    if (error instanceof AuthError) {
      return actionFailure({ code: "UNAUTHENTICATED", key: "auth.invalidCredentials" }, values);
    }
    throw error;
  }
  return actionOk(null);
}

export async function githubSignInAction(data: FormData) {
  await signIn("github", { redirectTo: safeRedirectPath(formString(data, "callbackUrl")) });
}
