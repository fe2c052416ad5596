"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import type { TWatchMode, TWatchThing, TWatchState } from "@/lib/notifications";
import { setWatchAction } from "../notifications/actions";

type TWatchLabels = {
  watch: string;
  watching: string;
  muted: string;
  menu: string;
  watchOption: string;
  watchHint: string;
  defaultOption: string;
  defaultHint: string;
  muteOption: string;
  muteHint: string;
  failed: string;
};

/**
 * Watch / Watching / Muted for a thread, run, config or dataset, with a small menu: watch (all activity), the default
 * (authors watch their own things) or mute (nothing about it). Labels come translated from WatchControl.
 */
export function WatchButton({
  thing,
  initial,
  labels,
}: {
  thing: TWatchThing;
  initial: TWatchState;
  labels: TWatchLabels;
}) {
  const [state, setState] = useState(initial);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const watching = state.mode === "WATCH" || (state.mode === null && state.byDefault);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const choose = (mode: TWatchMode | null) => {
    setOpen(false);
    const before = state;
    setState({ ...state, mode });
    setFailed(false);
    startTransition(async () => {
      const result = await setWatchAction(thing, mode).catch(() => null);
      if (result?.ok) setState(result.value);
      else {
        setState(before);
        setFailed(true);
      }
    });
  };
  const options: { mode: TWatchMode | null; label: string; hint: string }[] = [
    { mode: "WATCH", label: labels.watchOption, hint: labels.watchHint },
    { mode: null, label: labels.defaultOption, hint: labels.defaultHint },
    { mode: "MUTE", label: labels.muteOption, hint: labels.muteHint },
  ];

  return (
    <div ref={root} className="relative inline-block">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={pending}
        onClick={() => setOpen((o) => !o)}
        data-testid="watch-button"
        data-mode={state.mode ?? (state.byDefault ? "DEFAULT_WATCH" : "DEFAULT")}
        className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-md border border-stone-300 bg-white px-3 py-2 text-sm text-stone-800 hover:bg-stone-100 disabled:opacity-70"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 text-stone-500" fill="currentColor">
          {state.mode === "MUTE" ? (
            <path d="M3.3 2.3a1 1 0 0 0-1.4 1.4l14 14a1 1 0 0 0 1.4-1.4l-1.6-1.6h.4a1.1 1.1 0 0 0 .9-1.8l-1-1.7a2.7 2.7 0 0 1-.5-1.4V7.5a5.5 5.5 0 0 0-9.1-4.2L3.3 2.3ZM4.5 8.3v1.8c0 .5-.2 1-.5 1.4L3 13.2A1.1 1.1 0 0 0 3.9 15h7.3L4.5 8.3Zm3.1 7.9a2.5 2.5 0 0 0 4.8 0H7.6Z" />
          ) : (
            <path d="M10 2a5.5 5.5 0 0 0-5.5 5.5v2.6c0 .5-.2 1-.5 1.4L3 13.2A1.1 1.1 0 0 0 3.9 15h12.2a1.1 1.1 0 0 0 .9-1.8l-1-1.7a2.7 2.7 0 0 1-.5-1.4V7.5A5.5 5.5 0 0 0 10 2Zm-2.4 14.2a2.5 2.5 0 0 0 4.8 0H7.6Z" />
          )}
        </svg>
        {state.mode === "MUTE" ? labels.muted : watching ? labels.watching : labels.watch}
        <svg aria-hidden viewBox="0 0 20 20" className="h-3 w-3 text-stone-400" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label={labels.menu}
          className="absolute left-0 z-30 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-stone-200 bg-white py-1 shadow-lg"
        >
          {options.map((o) => (
            <button
              key={o.mode ?? "default"}
              type="button"
              role="menuitemradio"
              aria-checked={state.mode === o.mode}
              onClick={() => choose(o.mode)}
              className="flex w-full items-start gap-2 px-3 py-2 text-left hover:bg-stone-50"
            >
              <span aria-hidden className="mt-0.5 w-4 text-brand-600">
                {state.mode === o.mode ? "✓" : ""}
              </span>
              <span className="min-w-0">
                <span className="block text-sm font-medium text-stone-900">{o.label}</span>
                <span className="block text-xs text-stone-500">{o.hint}</span>
              </span>
            </button>
          ))}
        </div>
      ) : null}
      {failed ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {labels.failed}
        </p>
      ) : null}
    </div>
  );
}
