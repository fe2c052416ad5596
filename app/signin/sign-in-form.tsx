"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../_components/ui/button";
import { Field, FormAlert } from "../_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
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
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
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
        label={t("password")}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={err("password")}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? t("submitting") : t("submitSignIn")}
      </Button>
    </form>
  );
}
