"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../../_components/ui/button";
import { Field, FormAlert } from "../../_components/ui/field";
import { failureOf } from "@/app/_server/action-result";
import { updateProfileAction } from "./actions";

export function ProfileEditor({ name, bio }: { name: string; bio: string }) {
  const [state, action, pending] = useActionState(updateProfileAction, null);
  const failure = failureOf(state);
  // What the form shows: the saved values after a save, what was typed after an error, the profile's at first.
  const values = state ? (state.ok ? state.value : { name, bio, ...state.input }) : { name, bio };
  const [open, setOpen] = useState(false);
  const t = useTranslations("profile");
  const tv = useTranslations("validation");
  const err = (field: string) =>
    failure?.fieldErrors[field] ? tv(failure.fieldErrors[field] as "invalid") : undefined;

  if (!open) {
    return (
      <div className="flex items-center gap-3">
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t("edit")}
        </Button>
        {state?.ok ? (
          <span role="status" className="text-sm text-brand-700">
            {t("saved")}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4 rounded-lg border border-stone-200 bg-white p-4">
      {state?.ok ? <FormAlert tone="success">{t("saved")}</FormAlert> : null}
      <Field label={t("name")} name="name" maxLength={80} defaultValue={values.name} error={err("name")} />
      <Field
        label={t("bio")}
        name="bio"
        multiline
        rows={4}
        maxLength={1000}
        defaultValue={values.bio}
        hint={t("bioHint")}
        error={err("bio")}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {t("save")}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
