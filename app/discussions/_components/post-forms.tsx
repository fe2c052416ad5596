"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { failureOf, type TActionError, type TActionResult } from "@/app/_server/action-result";
import { BODY_MAX_CHARS, TITLE_MAX } from "@/lib/discussions/sizes";
import { Button } from "../../_components/ui/button";
import { Field, FormAlert } from "../../_components/ui/field";
import { editPostAction, postAction } from "../actions";
import { clearDraft, MarkdownEditor } from "./markdown-editor";

type TPostResult = TActionResult<{ id: string }, { body: string; title: string; tags: string }>;

/**
 * A form-level message and field messages of a failed action, in the reader's language. Action errors carry full
 * keys ("discussionErrors.locked", "apiErrors.NOT_FOUND", "thread.rateLimited"); each namespace is named here, as
 * client components must (lib/i18n/i18n.test.ts), and an unknown key falls back to its code's generic message.
 */
export function useFailureText() {
  const byNamespace = {
    apiErrors: useTranslations("apiErrors"),
    discussionErrors: useTranslations("discussionErrors"),
    thread: useTranslations("thread"),
  };
  const tv = useTranslations("validation");
  const api = byNamespace.apiErrors;
  return {
    message: (e: TActionError) => {
      const [ns = "", ...rest] = e.key.split(".");
      const key = rest.join(".") as "locked";
      const t = byNamespace[ns as keyof typeof byNamespace] as typeof byNamespace.discussionErrors | undefined;
      if (t?.has(key)) return t(key, e.values);
      return api.has(e.code as "NOT_FOUND") ? api(e.code as "NOT_FOUND") : api("INVALID_INPUT");
    },
    field: (e: TActionError | null, name: string) =>
      e?.fieldErrors[name] ? tv(e.fieldErrors[name] as "invalid") : undefined,
  };
}

export type TRunOption = { id: string; label: string };

/**
 * A reply (under `parentId`, or at the top level) or an answer with an optional experiment: a run of the answerer's,
 * picked from their runs on the question's dataset version or pasted as an id. The draft is cleared once posted.
 */
export function PostForm({
  threadId,
  kind,
  parentId,
  draftKey,
  label,
  submitLabel,
  quotes = false,
  autoFocus = false,
  runOptions,
  onDone,
}: {
  threadId: string;
  kind: "REPLY" | "ANSWER";
  parentId?: string;
  draftKey: string;
  label: string;
  submitLabel: string;
  quotes?: boolean;
  autoFocus?: boolean;
  runOptions?: TRunOption[];
  onDone?: () => void;
}) {
  const t = useTranslations("composer");
  const text = useFailureText();
  const [state, action, pending] = useActionState<TPostResult | null, FormData>(postAction.bind(null, threadId), null);
  const [generation, setGeneration] = useState(0);
  const [runId, setRunId] = useState("");
  const failure = failureOf(state);
  const handled = useRef<TPostResult | null>(null);

  useEffect(() => {
    if (!state?.ok || handled.current === state) return;
    handled.current = state;
    clearDraft(draftKey);
    // A fresh, empty editor after a post lands.
    setGeneration((g) => g + 1);
    setRunId("");
    onDone?.();
    // The new post is on the page (the action revalidated it): bring it into view.
    requestAnimationFrame(() => document.getElementById(`post-${state.value.id}`)?.scrollIntoView({ block: "center" }));
  }, [state, draftKey, onDone]);

  return (
    <form action={action} className="space-y-3" data-testid={kind === "ANSWER" ? "answer-form" : "reply-form"}>
      <input type="hidden" name="kind" value={kind} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {failure && !failure.fieldErrors.body ? <FormAlert>{text.message(failure)}</FormAlert> : null}
      <MarkdownEditor
        key={generation}
        name="body"
        draftKey={draftKey}
        defaultValue={failure ? (state && !state.ok ? (state.input?.body ?? "") : "") : ""}
        label={label}
        error={text.field(failure, "body")}
        rows={kind === "ANSWER" ? 8 : 4}
        quotes={quotes}
        autoFocus={autoFocus}
        maxChars={BODY_MAX_CHARS}
      />
      {kind === "ANSWER" ? (
        <div>
          <label htmlFor={`run-${threadId}`} className="block text-sm font-medium text-stone-800">
            {t("experimentRun")} <span className="font-normal text-stone-500">({t("optional")})</span>
          </label>
          <input
            id={`run-${threadId}`}
            name="runId"
            list={`runs-${threadId}`}
            autoComplete="off"
            spellCheck={false}
            placeholder={t("experimentRunPlaceholder")}
            aria-describedby={`run-${threadId}-hint`}
            value={runId}
            onChange={(e) => setRunId(e.target.value)}
            onBlur={() => setRunId(runId.trim().replace(/^run:/, ""))}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
          />
          <datalist id={`runs-${threadId}`}>
            {(runOptions ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </datalist>
          <p id={`run-${threadId}-hint`} className="mt-1 text-xs text-stone-500">
            {text.field(failure, "runId") ?? text.field(failure, "configRevisionId") ?? t("experimentRunHint")}
          </p>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("posting") : submitLabel}
        </Button>
        {onDone ? (
          <Button type="button" variant="ghost" onClick={onDone}>
            {t("cancel")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The author's edit of a post, from its current text; the opening post's edit also changes the thread's title. */
export function EditForm({
  threadId,
  postId,
  body,
  title,
  onDone,
}: {
  threadId: string;
  postId: string;
  body: string;
  title?: string;
  onDone: () => void;
}) {
  const t = useTranslations("composer");
  const text = useFailureText();
  const [state, action, pending] = useActionState<TPostResult | null, FormData>(
    editPostAction.bind(null, threadId, postId),
    null,
  );
  const failure = failureOf(state);
  const typed = state && !state.ok ? state.input : undefined;

  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);

  return (
    <form action={action} className="space-y-3" data-testid="edit-form">
      {failure && !failure.fieldErrors.body && !failure.fieldErrors.title ? (
        <FormAlert>{text.message(failure)}</FormAlert>
      ) : null}
      {title !== undefined ? (
        <Field
          label={t("title")}
          name="title"
          defaultValue={typed?.title ?? title}
          maxLength={TITLE_MAX}
          required
          error={text.field(failure, "title")}
        />
      ) : null}
      <MarkdownEditor
        name="body"
        draftKey={null}
        defaultValue={typed?.body ?? body}
        label={t("body")}
        error={text.field(failure, "body")}
        rows={8}
        autoFocus
        maxChars={BODY_MAX_CHARS}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("saveEdit")}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
