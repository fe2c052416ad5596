"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../_components/ui/button";
import { Field, FormAlert } from "../_components/ui/field";
import { initialFormState } from "../_server/form-state";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInAction, initialFormState);
  const t = useTranslations("auth");
  const tv = useTranslations("validation");
  const err = (field: string) => (state.fieldErrors[field] ? tv(state.fieldErrors[field] as "invalid") : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.formError ? (
        <FormAlert>{t(state.formError.replace(/^auth\./, "") as "rateLimited", { minutes: state.formErrorValues?.minutes ?? 1 })}</FormAlert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values.email} error={err("email")} />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" required error={err("password")} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("submitting") : t("submitSignIn")}
      </Button>
    </form>
  );
}
