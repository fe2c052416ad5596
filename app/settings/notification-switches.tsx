"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { TNotificationType } from "@/lib/notifications";
import { setNotificationPreferenceAction } from "./actions";

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
              <button
                type="button"
                role="switch"
                aria-checked={state[type]}
                aria-labelledby={id}
                disabled={pending}
                onClick={() => toggle(type)}
                data-testid={`notify-switch-${type}`}
                className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-70 ${
                  state[type] ? "bg-brand-600" : "bg-stone-300"
                }`}
              >
                <span
                  aria-hidden
                  className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
                    state[type] ? "translate-x-5" : "translate-x-0.5"
                  }`}
                />
              </button>
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
