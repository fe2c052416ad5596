"use server";

import { isAppError } from "@/lib/errors";
import { registerUser } from "@/lib/users/mutations";
import { signIn } from "../_server/auth";
import { formString, type TFormState } from "../_server/form-state";

type TValues = { email: string; handle: string; name: string };

export async function signUpAction(_prev: TFormState<TValues>, data: FormData): Promise<TFormState<TValues>> {
  const values = { email: formString(data, "email"), handle: formString(data, "handle"), name: formString(data, "name") };
  const password = formString(data, "password");
  let handle: string;
  try {
    ({ handle } = await registerUser({ ...values, password }));
  } catch (error) {
    if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) {
      return { status: "error", fieldErrors: error.fieldErrors, formError: "auth.fixErrors", values };
    }
    throw error;
  }
  // Throws Next's redirect on success, which must propagate.
  await signIn("credentials", { email: values.email, password, redirectTo: `/u/${handle}` });
  return { status: "ok", fieldErrors: {}, values };
}
