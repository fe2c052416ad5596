"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { PASSWORD_MIN } from "@/lib/users/schemas";
import { Button } from "../_components/ui/button";
import { Field, FormAlert } from "../_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, null);
  const failure = failureOf(state);
  const typed = state && !state.ok ? state.input : undefined;
  const t = useTranslations("auth");
  const tv = useTranslations("validation");
  const err = (field: string) =>
    failure?.fieldErrors[field] ? tv(failure.fieldErrors[field] as "invalid") : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      {failure ? (
        <FormAlert>
          {t(failure.key.replace(/^auth\./, "") as "rateLimited", { minutes: Number(failure.values.minutes ?? 1) })}
        </FormAlert>
      ) : null}
      <Field
        label={t("email")}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={typed?.email}
        error={err("email")}
      />
      <Field
        label={t("handle")}
        name="handle"
        autoComplete="username"
        required
        minLength={3}
        maxLength={30}
        defaultValue={typed?.handle}
        hint={t.rich("handleHint", { b: (chunks) => <b>{chunks}</b> })}
        error={err("handle")}
      />
      <Field
        label={t("name")}
        optionalLabel={t("optional")}
        name="name"
        autoComplete="name"
        maxLength={80}
        defaultValue={typed?.name}
        error={err("name")}
      />
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
