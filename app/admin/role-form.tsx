"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { failureOf } from "@/app/_server/action-result";
import { useModerationFailure } from "@/app/_components/moderation-failure";
import { setRoleAction } from "./actions";

const input =
  "mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

/** Grant or revoke a role by handle ("User" revokes). */
export function RoleForm() {
  const t = useTranslations("moderation");
  const failureText = useModerationFailure();
  const [state, action, pending] = useActionState(setRoleAction, null);
  const failure = failureOf(state);
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end" data-testid="role-form">
      <label className="min-w-0 flex-1 text-sm font-medium text-stone-800">
        {t("admin.handle")}
        <input
          name="handle"
          required
          maxLength={31}
          defaultValue={state && !state.ok ? state.input?.handle : ""}
          className={input}
          autoComplete="off"
        />
      </label>
      <label className="text-sm font-medium text-stone-800">
        {t("admin.role")}
        <select name="role" defaultValue="MODERATOR" className={input}>
          <option value="MODERATOR">{t("admin.roles.MODERATOR")}</option>
          <option value="ADMIN">{t("admin.roles.ADMIN")}</option>
          <option value="USER">{t("admin.roles.USER")}</option>
        </select>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {t("admin.save")}
      </button>
      <p className="text-sm sm:basis-full" role={failure ? "alert" : "status"}>
        {failure ? (
          <span className="text-red-700">{failureText.message(failure)}</span>
        ) : state?.ok ? (
          <span className="text-stone-600">{t("admin.saved")}</span>
        ) : null}
      </p>
    </form>
  );
}
