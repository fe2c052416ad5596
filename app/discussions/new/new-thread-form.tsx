"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { failureOf, type TActionResult } from "@/app/_server/action-result";
import { BODY_MAX_CHARS, TAGS_MAX, TITLE_MAX } from "@/lib/discussions/sizes";
import { Button } from "../../_components/ui/button";
import { Field, FormAlert } from "../../_components/ui/field";
import { UserText } from "../../_components/user-text";
import { createThreadAction } from "../actions";
import { clearDraft, MarkdownEditor } from "../_components/markdown-editor";
import { useFailureText } from "../_components/post-forms";

type TResult = TActionResult<never, { body: string; title: string; tags: string }>;

/** Kind, title, body (with preview and a kept draft) and tags suggested from existing threads. */
export function NewThreadForm({
  defaultKind,
  subject,
  draftKey,
  prefill,
  tagSuggestions,
}: {
  defaultKind: "QUESTION" | "DISCUSSION";
  subject: { field: string; id: string } | null;
  draftKey: string;
  prefill: { title: string; body: string };
  tagSuggestions: string[];
}) {
  const t = useTranslations("newThread");
  const text = useFailureText();
  const [state, action, pending] = useActionState<TResult | null, FormData>(createThreadAction, null);
  const failure = failureOf(state);
  const typed = state && !state.ok ? state.input : undefined;
  const [kind, setKind] = useState(defaultKind);
  const [tags, setTags] = useState(typed?.tags ?? "");
  const chosen = tags
    .toLowerCase()
    .split(/[,，\s]+/)
    .filter(Boolean);
  const suggested = chosen.length < TAGS_MAX ? tagSuggestions.filter((tag) => !chosen.includes(tag)).slice(0, 12) : [];
  // A thread that was created navigates away: its draft goes with it (a failed one keeps its draft).
  const submitted = useRef(false);
  useEffect(() => {
    if (state && !state.ok) submitted.current = false;
  }, [state]);
  useEffect(() => () => void (submitted.current && clearDraft(draftKey)), [draftKey]);

  return (
    <form
      action={action}
      onSubmit={() => void (submitted.current = true)}
      className="space-y-5 rounded-lg border border-stone-200 bg-white p-4 sm:p-6"
      data-testid="new-thread-form"
    >
      {failure && Object.keys(failure.fieldErrors).length === 0 ? <FormAlert>{text.message(failure)}</FormAlert> : null}
      {subject ? <input type="hidden" name={subject.field} value={subject.id} /> : null}
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">{t("kind")}</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {(["QUESTION", "DISCUSSION"] as const).map((k) => (
            <label
              key={k}
              className={`flex cursor-pointer gap-3 rounded-md border p-3 text-sm ${kind === k ? "border-brand-500 bg-brand-50" : "border-stone-200 hover:bg-stone-50"}`}
            >
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="mt-0.5"
              />
              <span>
                <span className="block font-medium text-stone-900">{t(`kinds.${k}`)}</span>
                <span className="block text-stone-600">{t(`kindHints.${k}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label={t("title")}
        name="title"
        required
        maxLength={TITLE_MAX}
        defaultValue={typed?.title ?? prefill.title}
        placeholder={kind === "QUESTION" ? t("titlePlaceholderQuestion") : t("titlePlaceholder")}
        error={text.field(failure, "title")}
      />
      <MarkdownEditor
        name="body"
        draftKey={draftKey}
        defaultValue={typed?.body ?? prefill.body}
        label={kind === "QUESTION" ? t("bodyQuestion") : t("body")}
        error={text.field(failure, "body")}
        rows={10}
        maxChars={BODY_MAX_CHARS}
      />
      <div>
        <Field
          label={t("tags")}
          name="tags"
          autoComplete="off"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          hint={t("tagsHint", { max: TAGS_MAX })}
          optionalLabel={t("optional")}
          error={text.field(failure, "tags")}
        />
        {suggested.length ? (
          <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-stone-500">
            <span>{t("tagsSuggested")}</span>
            {suggested.map((tag) => (
              <button
                key={tag}
                type="button"
                onClick={() => setTags(chosen.length ? `${chosen.join(", ")}, ${tag}` : tag)}
                className="rounded bg-stone-100 px-1.5 py-0.5 text-stone-700 hover:bg-stone-200"
              >
                #<UserText text={tag} />
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("posting") : kind === "QUESTION" ? t("submitQuestion") : t("submit")}
        </Button>
      </div>
    </form>
  );
}
