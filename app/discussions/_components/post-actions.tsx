"use client";

import { useCallback, useState, useTransition, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { acceptAction, deletePostAction, lockAction, voteAction } from "../actions";
import { EditForm, PostForm, useFailureText } from "./post-forms";
import type { TQuoteEvent } from "./markdown-editor";

const btn =
  "inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900 disabled:opacity-50";

/** The up-vote button: the count as the server stored it, the viewer's own vote pressed. */
export function VoteButton({
  threadId,
  postId,
  count,
  voted,
  canVote,
}: {
  threadId: string;
  postId: string;
  count: number;
  voted: boolean;
  canVote: boolean;
}) {
  const t = useTranslations("thread");
  const text = useFailureText();
  const [state, setState] = useState({ count, voted });
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toggle = () =>
    start(async () => {
      setError(null);
      const result = await voteAction(threadId, postId, !state.voted);
      if (result.ok) setState({ count: result.value.voteCount, voted: result.value.voted });
      else setError(text.message(result.error));
    });
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        onClick={toggle}
        disabled={!canVote || pending}
        aria-pressed={state.voted}
        aria-label={state.voted ? t("unvote") : t("vote")}
        title={canVote ? (state.voted ? t("unvote") : t("vote")) : t("voteDisabled")}
        data-testid="vote"
        className={`inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs font-medium disabled:cursor-not-allowed ${
          state.voted
            ? "border-brand-500 bg-brand-50 text-brand-700"
            : "border-stone-200 bg-white text-stone-700 hover:bg-stone-100"
        }`}
      >
        <span aria-hidden>▲</span>
        <span data-testid="vote-count">{state.count}</span>
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/**
 * A post's tools: reply (one level deep: replies to a reply go under its top-level post), quote (the selected text
 * of this post, or all of it, into the page's composer), edit and delete for its author, accept for the asker, lock
 * for the thread's author on the opening post. Replies and edits open in place.
 */
export function PostActions({
  threadId,
  post,
  canReply,
  canAccept,
  lock,
  report,
}: {
  threadId: string;
  post: {
    id: string;
    kind: "OPENING" | "ANSWER" | "REPLY";
    /** The top-level post a reply goes under. */
    replyParentId: string | null;
    body: string;
    title?: string;
    handle: string | null;
    canEdit: boolean;
    accepted: boolean;
  };
  canReply: boolean;
  canAccept: boolean;
  lock?: { locked: boolean } | null;
  /** The report button (app/_components/report.tsx), rendered on the server with its own catalogue namespaces. */
  report?: ReactNode;
}) {
  const t = useTranslations("thread");
  const text = useFailureText();
  const [mode, setMode] = useState<"none" | "reply" | "edit">("none");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const close = useCallback(() => setMode("none"), []);

  const act = (fn: () => Promise<{ ok: boolean; error?: Parameters<typeof text.message>[0] }>) =>
    start(async () => {
      setError(null);
      const result = await fn();
      if (!result.ok && result.error) setError(text.message(result.error));
    });

  const quote = () => {
    const selection = window.getSelection();
    const holder = document.getElementById(`post-body-${post.id}`);
    const selected =
      selection && holder && !selection.isCollapsed && holder.contains(selection.anchorNode)
        ? selection.toString()
        : "";
    const detail: TQuoteEvent = { text: selected || post.body, handle: post.handle };
    window.dispatchEvent(new CustomEvent("ty:quote", { detail }));
  };

  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-center gap-1">
        {canReply ? (
          <button type="button" className={btn} onClick={() => setMode(mode === "reply" ? "none" : "reply")}>
            {t("reply")}
          </button>
        ) : null}
        {canReply ? (
          <button type="button" className={btn} onClick={quote} title={t("quoteHint")}>
            {t("quote")}
          </button>
        ) : null}
        {post.canEdit ? (
          <button type="button" className={btn} onClick={() => setMode(mode === "edit" ? "none" : "edit")}>
            {t("edit")}
          </button>
        ) : null}
        {post.canEdit ? (
          <button
            type="button"
            className={`${btn} text-red-700 hover:bg-red-50 hover:text-red-800`}
            disabled={pending}
            onClick={() => {
              if (window.confirm(post.kind === "OPENING" ? t("confirmDeleteThread") : t("confirmDelete")))
                act(() => deletePostAction(threadId, post.id));
            }}
          >
            {t("delete")}
          </button>
        ) : null}
        {canAccept && post.kind === "ANSWER" ? (
          <button
            type="button"
            className={`${btn} ${post.accepted ? "" : "text-brand-700 hover:text-brand-700"}`}
            disabled={pending}
            data-testid={post.accepted ? "unaccept" : "accept"}
            onClick={() => act(() => acceptAction(threadId, post.id, !post.accepted))}
          >
            {post.accepted ? t("unaccept") : t("accept")}
          </button>
        ) : null}
        {lock ? (
          <button
            type="button"
            className={btn}
            disabled={pending}
            onClick={() => act(() => lockAction(threadId, !lock.locked))}
          >
            {lock.locked ? t("unlock") : t("lock")}
          </button>
        ) : null}
        {report}
        <Link href={`#post-${post.id}`} className={`${btn} font-normal text-stone-400`} aria-label={t("permalink")}>
          #
        </Link>
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {mode === "reply" ? (
        <div className="mt-3 rounded-md border border-stone-200 bg-stone-50 p-3">
          <PostForm
            threadId={threadId}
            kind="REPLY"
            parentId={post.replyParentId ?? undefined}
            draftKey={`reply:${threadId}:${post.replyParentId ?? "top"}`}
            label={post.handle ? t("replyTo", { handle: post.handle }) : t("yourReply")}
            submitLabel={t("postReply")}
            autoFocus
            onDone={close}
          />
        </div>
      ) : null}
      {mode === "edit" ? (
        <div className="mt-3 rounded-md border border-stone-200 bg-stone-50 p-3">
          <EditForm threadId={threadId} postId={post.id} body={post.body} title={post.title} onDone={close} />
        </div>
      ) : null}
    </div>
  );
}
