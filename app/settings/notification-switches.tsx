"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { TNotificationType } from "@/lib/notifications";
import { setEmailDigestAction, setNotificationPreferenceAction } from "./actions";

/** An on/off switch (role="switch"), labelled by the element whose id is given. */
function Switch({
  on,
  labelledBy,
  disabled,
  onClick,
  testId,
}: {
  on: boolean;
  labelledBy: string;
  disabled: boolean;
  onClick: () => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-labelledby={labelledBy}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-70 ${
        on ? "bg-brand-600" : "bg-stone-300"
      }`}
    >
      <span
        aria-hidden
        className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
          on ? "translate-x-5" : "translate-x-0.5"
        }`}
      />
    </button>
  );
}

/** One switch per notification type; each change is saved at once (a failed save puts the switch back). */
export function NotificationSwitches({ preferences }: { preferences: Record<TNotificationType, boolean> }) {
  const t = useTranslations("notificationSettings");
  const [state, setState] = useState(preferences);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const types = Object.keys(preferences) as TNotificationType[];
  const toggle = (type: TNotificationType) => {
    const enabled = !state[type];
    setState((s) => ({ ...s, [type]: enabled }));
    setFailed(false);
    startTransition(async () => {
      const result = await setNotificationPreferenceAction(type, enabled).catch(() => null);
      if (result?.ok) setState(result.value);
      else {
        setState((s) => ({ ...s, [type]: !enabled }));
        setFailed(true);
      }
    });
  };
  return (
    <div className="mt-4" data-testid="notification-switches">
      <ul className="divide-y divide-stone-100">
        {types.map((type) => {
          const id = `notify-${type}`;
          return (
            <li key={type} className="flex items-center justify-between gap-4 py-2.5">
              <span id={id} className="min-w-0 text-sm text-stone-800">
                {t(`type.${type}`)}
              </span>
              <Switch
                on={state[type]}
                labelledBy={id}
                disabled={pending}
                onClick={() => toggle(type)}
                testId={`notify-switch-${type}`}
              />
            </li>
          );
        })}
      </ul>
      {failed ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t("saveFailed")}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The e-mail digest switch, saved at once (a failed save puts it back). Shown whether or not this site sends e-mail,
 * with a note when it does not: the choice is kept for when it does.
 */
export function EmailDigestSwitch({ enabled, configured }: { enabled: boolean; configured: boolean }) {
  const t = useTranslations("notificationSettings");
  const [on, setOn] = useState(enabled);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const toggle = () => {
    const next = !on;
    setOn(next);
    setFailed(false);
    startTransition(async () => {
      const result = await setEmailDigestAction(next).catch(() => null);
      if (result?.ok) setOn(result.value);
      else {
        setOn(!next);
        setFailed(true);
      }
    });
  };
  return (
    <div className="mt-3" data-testid="email-digest">
      <div className="flex items-center justify-between gap-4 py-2.5">
        <div className="min-w-0">
          <span id="email-digest-label" className="text-sm text-stone-800">
            {t("emailDigest")}
          </span>
          <p className="mt-0.5 text-xs text-stone-600">{t("emailDigestHint")}</p>
        </div>
        <Switch
          on={on}
          labelledBy="email-digest-label"
          disabled={pending}
          onClick={toggle}
          testId="email-digest-switch"
        />
      </div>
      {configured ? null : (
        <p className="mt-1 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800" data-testid="email-not-configured">
          {t("emailNotConfigured")}
        </p>
      )}
      {failed ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t("saveFailed")}
        </p>
      ) : null}
    </div>
  );
}
