"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

type TStatus = { status: "PENDING" | "RUNNING" | "DONE" | "FAILED"; progress: number; error: string | null };

/** Shows the profile (or image decode) job's progress and reloads the page's data once it is done. */
export function ProfileProgress({
  url,
  initial,
  job = "profile",
}: {
  url: string;
  initial: TStatus;
  job?: "profile" | "decode";
}) {
  const t = useTranslations("dataset");
  const router = useRouter();
  const [state, setState] = useState(initial);
  useEffect(() => {
    if (state.status === "DONE" || state.status === "FAILED") return;
    const timer = setTimeout(async () => {
      try {
        const next = (await (await fetch(url, { cache: "no-store" })).json()) as TStatus;
        setState(next);
        if (next.status === "DONE" || next.status === "FAILED") router.refresh();
      } catch {
        setState((s) => ({ ...s })); // try again on the next tick
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [state, url, router]);
  const percent = state.status === "RUNNING" ? state.progress : 0;
  return (
    <div role="status" aria-live="polite" className="rounded-lg border border-stone-200 bg-white p-4">
      <p className="mb-2 text-sm text-stone-700">
        {state.status === "RUNNING" ? t(`${job}Running`, { percent }) : t(`${job}Pending`)}
      </p>
      <div
        className="h-2 overflow-hidden rounded-full bg-stone-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.max(percent, 3)}%` }} />
      </div>
    </div>
  );
}
