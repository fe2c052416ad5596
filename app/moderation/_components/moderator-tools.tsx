"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import {
  closeReportsAction,
  duplicateAction,
  hideAction,
  lockThreadAction,
  pinThreadAction,
  suspendAction,
} from "@/app/moderation/actions";
import type { TActionResult } from "@/app/_server/action-result";
import { useModerationFailure } from "@/app/_components/moderation-failure";
import { MODERATION_REASON_MAX } from "@/lib/moderation/sizes";

const btn =
  "inline-flex items-center rounded-md border border-stone-300 bg-white px-2.5 py-1 text-xs font-medium text-stone-700 hover:bg-stone-100 disabled:opacity-50";
const input =
  "block w-full min-w-0 rounded-md border border-stone-300 px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

type TMode = "none" | "hide" | "duplicate" | "suspend";

/**
 * A moderator's actions on one target: hide / show (posts, threads), lock, pin, mark duplicate (threads), suspend the
 * author or owner, and (in the queue) resolve or dismiss the target's reports. Each action asks for what it needs in
 * place (a reason, an original thread, an end date) and reports failures from the server.
 */
/**
 * A form's submit handled in the browser: its fields to `fn`, the page not left. (A client function passed as a
 * form's `action` would render a javascript: URL in the page.)
 */
const submitted = (fn: (data: FormData) => void) => (e: FormEvent<HTMLFormElement>) => {
  e.preventDefault();
  fn(new FormData(e.currentTarget));
};

export function ModeratorTools({
  kind,
  targetId,
  hidden,
  thread,
  author,
  reports,
  path,
}: {
  kind: "POST" | "THREAD" | "DATASET" | "CONFIG" | "USER";
  targetId: string;
  hidden: boolean;
  thread: { id: string; locked: boolean; pinned: boolean; duplicateOfId: string | null } | null;
  /** Who a suspension would apply to: the author, owner, or the reported user. */
  author: { id: string; handle: string; suspended: boolean } | null;
  /** In the queue: resolve and dismiss. */
  reports: boolean;
  /** The page to refresh besides the queue. */
  path?: string;
}) {
  const t = useTranslations("moderation");
  const failureText = useModerationFailure();
  const [mode, setMode] = useState<TMode>("none");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, start] = useTransition();

  const act = (fn: () => Promise<TActionResult>) =>
    start(async () => {
      setError(null);
      setDone(false);
      const result = await fn();
      if (result.ok) {
        setMode("none");
        setDone(true);
      } else setError(failureText.message(result.error));
    });
  const field = (data: FormData, name: string) => String(data.get(name) ?? "");
  const toggle = (m: TMode) => setMode(mode === m ? "none" : m);
  const canHide = kind === "POST" || kind === "THREAD";

  return (
    <div className="min-w-0 space-y-2" data-testid="moderator-tools">
      <div className="flex flex-wrap gap-1.5">
        {canHide ? (
          hidden ? (
            <button
              type="button"
              className={btn}
              disabled={pending}
              onClick={() => act(() => hideAction(kind, targetId, "", false, path))}
            >
              {t("actions.unhide")}
            </button>
          ) : (
            <button type="button" className={btn} onClick={() => toggle("hide")} data-testid="mod-hide">
              {t("actions.hide")}
            </button>
          )
        ) : null}
        {thread ? (
          <>
            <button
              type="button"
              className={btn}
              disabled={pending}
              onClick={() => act(() => lockThreadAction(thread.id, !thread.locked, path))}
            >
              {thread.locked ? t("actions.unlock") : t("actions.lock")}
            </button>
            <button
              type="button"
              className={btn}
              disabled={pending}
              onClick={() => act(() => pinThreadAction(thread.id, !thread.pinned, path))}
            >
              {thread.pinned ? t("actions.unpin") : t("actions.pin")}
            </button>
            {thread.duplicateOfId ? (
              <button
                type="button"
                className={btn}
                disabled={pending}
                onClick={() => act(() => duplicateAction(thread.id, null, path))}
              >
                {t("actions.clearDuplicate")}
              </button>
            ) : (
              <button type="button" className={btn} onClick={() => toggle("duplicate")}>
                {t("actions.duplicate")}
              </button>
            )}
          </>
        ) : null}
        {author?.suspended ? (
          <button
            type="button"
            className={btn}
            disabled={pending}
            onClick={() => act(() => suspendAction(author.id, null, ""))}
          >
            {t("actions.unsuspend", { handle: author.handle })}
          </button>
        ) : author ? (
          <button type="button" className={btn} onClick={() => toggle("suspend")} data-testid="mod-suspend">
            {t("actions.suspend", { handle: author.handle })}
          </button>
        ) : null}
        {reports ? (
          <>
            <button
              type="button"
              className={btn}
              disabled={pending}
              data-testid="mod-resolve"
              onClick={() => act(() => closeReportsAction(kind, targetId, "RESOLVED"))}
            >
              {t("actions.resolve")}
            </button>
            <button
              type="button"
              className={btn}
              disabled={pending}
              data-testid="mod-dismiss"
              onClick={() => act(() => closeReportsAction(kind, targetId, "DISMISSED"))}
            >
              {t("actions.dismiss")}
            </button>
          </>
        ) : null}
      </div>

      {mode === "hide" && canHide ? (
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={submitted((data) => act(() => hideAction(kind, targetId, field(data, "reason"), true, path)))}
        >
          <label className="min-w-0 flex-1 text-xs font-medium text-stone-700">
            {t("actions.hideReason")}
            <input name="reason" required maxLength={MODERATION_REASON_MAX} className={`mt-1 ${input}`} />
          </label>
          <button type="submit" className={btn} disabled={pending} data-testid="mod-hide-confirm">
            {t("actions.hide")}
          </button>
        </form>
      ) : null}
      {mode === "duplicate" && thread ? (
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={submitted((data) => act(() => duplicateAction(thread.id, field(data, "original"), path)))}
        >
          <label className="min-w-0 flex-1 text-xs font-medium text-stone-700">
            {t("actions.original")}
            <input name="original" required maxLength={500} className={`mt-1 ${input}`} />
          </label>
          <button type="submit" className={btn} disabled={pending}>
            {t("actions.duplicate")}
          </button>
        </form>
      ) : null}
      {mode === "suspend" && author ? (
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={submitted((data) =>
            act(() => suspendAction(author.id, field(data, "reason"), field(data, "until"))),
          )}
        >
          <label className="min-w-0 flex-1 text-xs font-medium text-stone-700">
            {t("actions.suspendReason")}
            <input name="reason" required maxLength={MODERATION_REASON_MAX} className={`mt-1 ${input}`} />
          </label>
          <label className="text-xs font-medium text-stone-700">
            {t("actions.until")}
            <input name="until" type="date" className={`mt-1 ${input}`} />
          </label>
          <button type="submit" className={btn} disabled={pending}>
            {t("actions.suspendConfirm")}
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : done ? (
        <p role="status" className="text-xs text-stone-500">
          {t("actions.done")}
        </p>
      ) : null}
    </div>
  );
}
