"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { PASSWORD_MIN } from "@/lib/users/schemas";
import { Button } from "../_components/ui/button";
import { Field, FormAlert } from "../_components/ui/field";
import { initialFormState } from "../_server/form-state";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, initialFormState);
  const t = useTranslations("auth");
  const tv = useTranslations("validation");
  const err = (field: string) => (state.fieldErrors[field] ? tv(state.fieldErrors[field] as "invalid") : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.formError ? (
        <FormAlert>{t(state.formError.replace(/^auth\./, "") as "rateLimited", { minutes: state.formErrorValues?.minutes ?? 1 })}</FormAlert>
      ) : null}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={state.values.email} error={err("email")} />
      <Field
        label={t("handle")}
        name="handle"
        autoComplete="username"
        required
        minLength={3}
        maxLength={30}
        defaultValue={state.values.handle}
        hint={t.rich("handleHint", { b: (chunks) => <b>{chunks}</b> })}
        error={err("handle")}
      />
      <Field label={t("name")} optionalLabel={t("optional")} name="name" autoComplete="name" maxLength={80} defaultValue={state.values.name} error={err("name")} />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        hint={t("passwordHint", { min: PASSWORD_MIN })}
        error={err("password")}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("submitting") : t("submitSignUp")}
      </Button>
    </form>
  );
}
