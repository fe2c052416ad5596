"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { TFollowTarget } from "@/lib/follows/schemas";
import { setFollowAction } from "../follow-actions";

/**
 * Follow / Following for a user or a dataset, with its follower count. A visitor is sent to sign in and back. A refusal
 * (the follow limit, a suspension, too many requests) is shown under the button in the reader's language.
 */
export function FollowButton({
  target,
  initial,
  signedIn,
  path,
}: {
  target: TFollowTarget;
  initial: { following: boolean; followers: number };
  signedIn: boolean;
  path: string;
}) {
  const t = useTranslations("follow");
  const tFollow = useTranslations("followErrors");
  const tApi = useTranslations("apiErrors");
  const router = useRouter();
  const [state, setState] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const toggle = () => {
    if (!signedIn) return router.push(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    const before = state;
    setState({ following: !state.following, followers: state.followers + (state.following ? -1 : 1) });
    setError(null);
    startTransition(async () => {
      const result = await setFollowAction(target, !before.following).catch(() => null);
      if (result?.ok) {
        setState(result.value);
        router.refresh();
        return;
      }
      setState(before);
      // The refusals a follow can meet: its own (followErrors.*) and the writers' (apiErrors.*: suspended, too many).
      const [ns, key] = result && !result.ok ? result.error.key.split(/\.(.*)/s) : [];
      const tNs = ns === "followErrors" ? tFollow : ns === "apiErrors" ? tApi : null;
      setError(tNs && key && tNs.has(key) && result && !result.ok ? tNs(key, result.error.values) : t("failed"));
    });
  };
  return (
    <div className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        aria-pressed={state.following}
        disabled={pending}
        onClick={toggle}
        data-testid={`follow-${target.kind}`}
        className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-2 text-sm disabled:opacity-60 ${
          state.following
            ? "border-brand-600 bg-brand-50 text-brand-700 hover:bg-brand-100"
            : "border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
        }`}
      >
        {state.following ? t("following") : t("follow")}
        <span className="text-stone-500" data-testid={`followers-${target.kind}`}>
          {state.followers}
        </span>
      </button>
      {error ? (
        <p role="alert" className="max-w-xs text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
