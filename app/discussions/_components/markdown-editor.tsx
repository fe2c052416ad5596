"use client";

import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  useTransition,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useTranslations } from "next-intl";
import { previewAction } from "../actions";

/*
 * The composer's text area: Write and Preview tabs (the preview is rendered on the server by the published post's own
 * pipeline), a draft kept in this browser per place (localStorage, so a closed tab or a failed submit loses nothing),
 * @handle completion, and quotes sent from a post's "Quote" button (a `ty:quote` window event) when `quotes` is set.
 */

const DRAFT_PREFIX = "trainyard:draft:";
/** The reference notation posts understand (lib/discussions/text.ts): code, the same in every language. */
const REFERENCE_SYNTAX = [
  "run:ID",
  "config:owner/slug@3",
  "dataset:owner/slug@v1",
  "diff:ID..ID",
  "board:owner/slug",
  "@handle",
];
const MENTION_BEFORE_CARET = /(?:^|[^\w@])@([a-z0-9][a-z0-9_-]{0,29})$/i;

export function clearDraft(key: string) {
  try {
    localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Storage disabled (private mode): there is nothing to clear.
  }
}

function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(DRAFT_PREFIX + key);
  } catch {
    return null;
  }
}

function writeDraft(key: string, value: string) {
  try {
    if (value.trim()) localStorage.setItem(DRAFT_PREFIX + key, value);
    else localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Storage full or disabled: the text stays in the form, only the draft is not kept.
  }
}

/** `text` as a markdown quote, attributed when the author is known, followed by a blank line to write under. */
export function asQuote(text: string, handle: string | null): string {
  const quoted = text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  return `${quoted}${handle ? `\n>\n> — @${handle}` : ""}\n\n`;
}

export type TQuoteEvent = { text: string; handle: string | null };

export function MarkdownEditor({
  name,
  draftKey,
  defaultValue = "",
  label,
  error,
  rows = 6,
  autoFocus = false,
  quotes = false,
  maxChars,
  footer,
}: {
  name: string;
  /** Where the draft is kept; null keeps none (editing an existing post starts from its text each time). */
  draftKey: string | null;
  defaultValue?: string;
  label: string;
  error?: string;
  rows?: number;
  autoFocus?: boolean;
  /** Take quotes from the page's Quote buttons (one editor per page should). */
  quotes?: boolean;
  maxChars: number;
  footer?: ReactNode;
}) {
  const t = useTranslations("composer");
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(defaultValue);
  const [restored, setRestored] = useState(false);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [preview, setPreview] = useState<ReactNode>(null);
  const [previewFailed, setPreviewFailed] = useState(false);
  const [previewing, startPreview] = useTransition();
  const [mention, setMention] = useState<{ query: string; handles: string[]; active: number } | null>(null);

  // The draft is read after hydration (the server has no localStorage); what the user last typed wins over a prefill.
  useEffect(() => {
    if (!draftKey) return;
    const draft = readDraft(draftKey);
    if (draft && draft !== defaultValue) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- reason: localStorage exists only after hydration
      setValue(draft);
      setRestored(true);
    }
  }, [draftKey, defaultValue]);

  const change = useCallback(
    (next: string) => {
      setValue(next);
      if (draftKey) writeDraft(draftKey, next);
    },
    [draftKey],
  );

  useEffect(() => {
    if (!quotes) return;
    const onQuote = (e: Event) => {
      const { text, handle } = (e as CustomEvent<TQuoteEvent>).detail;
      setTab("write");
      setValue((current) => {
        const next = `${current && !current.endsWith("\n\n") ? `${current.replace(/\n*$/, "")}\n\n` : current}${asQuote(text, handle)}`;
        if (draftKey) writeDraft(draftKey, next);
        return next;
      });
      requestAnimationFrame(() => {
        area.current?.focus();
        area.current?.setSelectionRange(area.current.value.length, area.current.value.length);
        area.current?.scrollIntoView({ block: "center", behavior: "smooth" });
      });
    };
    window.addEventListener("ty:quote", onQuote);
    return () => window.removeEventListener("ty:quote", onQuote);
  }, [quotes, draftKey]);

  // @handle completion: the word before the caret, looked up as the user types (at most one request in flight).
  const lookup = useRef<AbortController | null>(null);
  const findMention = (text: string, caret: number) => {
    const match = MENTION_BEFORE_CARET.exec(text.slice(0, caret));
    lookup.current?.abort();
    if (!match) return setMention(null);
    const query = match[1]!.toLowerCase();
    const controller = new AbortController();
    lookup.current = controller;
    fetch(`/api/users?prefix=${encodeURIComponent(query)}`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : { users: [] }))
      .then((r: { users: { handle: string }[] }) => {
        const handles = r.users.map((u) => u.handle).filter((h) => h !== query);
        setMention(handles.length ? { query, handles, active: 0 } : null);
      })
      .catch(() => {});
  };

  const complete = (handle: string) => {
    const el = area.current;
    if (!el || !mention) return;
    const caret = el.selectionStart;
    const start = caret - mention.query.length;
    const next = `${value.slice(0, start)}${handle} ${value.slice(caret)}`;
    change(next);
    setMention(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + handle.length + 1, start + handle.length + 1);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!mention) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setMention({ ...mention, active: (mention.active + step + mention.handles.length) % mention.handles.length });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      complete(mention.handles[mention.active]!);
    } else if (e.key === "Escape") {
      setMention(null);
    }
  };

  const showPreview = () => {
    setTab("preview");
    setPreviewFailed(false);
    startPreview(async () => {
      try {
        setPreview(await previewAction(value));
      } catch {
        setPreviewFailed(true);
      }
    });
  };

  const chars = [...value].length;
  const listId = `${id}-mentions`;
  const tabCls = (on: boolean) =>
    `rounded-t-md border-b-2 px-3 py-1.5 text-sm ${on ? "border-brand-600 font-medium text-stone-900" : "border-transparent text-stone-500 hover:text-stone-800"}`;

  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-stone-800">
          {label}
        </label>
        <div role="tablist" aria-label={t("modes")} className="flex gap-1">
          <button
            type="button"
            role="tab"
            aria-selected={tab === "write"}
            className={tabCls(tab === "write")}
            onClick={() => setTab("write")}
          >
            {t("write")}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === "preview"}
            className={tabCls(tab === "preview")}
            onClick={showPreview}
            data-testid="preview-tab"
          >
            {t("preview")}
          </button>
        </div>
      </div>
      <div className={tab === "write" ? "relative" : "hidden"}>
        <textarea
          ref={area}
          id={id}
          name={name}
          rows={rows}
          value={value}
          autoFocus={autoFocus}
          onChange={(e) => {
            change(e.target.value);
            findMention(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}
          aria-autocomplete="list"
          aria-controls={mention ? listId : undefined}
          aria-activedescendant={mention ? `${listId}-${mention.active}` : undefined}
          className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm focus:outline-none focus:ring-2 ${
            error ? "border-red-500 focus:ring-red-300" : "border-stone-300 focus:border-brand-500 focus:ring-brand-100"
          }`}
        />
        {mention ? (
          <ul
            id={listId}
            role="listbox"
            aria-label={t("mentionList")}
            className="absolute left-2 z-20 mt-1 max-h-48 min-w-40 overflow-auto rounded-md border border-stone-200 bg-white py-1 text-sm shadow-lg"
          >
            {mention.handles.map((h, i) => (
              <li
                key={h}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === mention.active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  complete(h);
                }}
                className={`cursor-pointer px-3 py-1 ${i === mention.active ? "bg-brand-50 text-brand-700" : "text-stone-700"}`}
              >
                @{h}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {tab === "preview" ? (
        <div
          className="mt-1 min-h-24 rounded-md border border-stone-200 bg-stone-50 p-3"
          aria-busy={previewing}
          data-testid="post-preview"
        >
          {previewing ? (
            <p className="text-sm text-stone-500">{t("previewLoading")}</p>
          ) : previewFailed ? (
            <p role="alert" className="text-sm text-red-700">
              {t("previewFailed")}
            </p>
          ) : value.trim() ? (
            preview
          ) : (
            <p className="text-sm text-stone-500">{t("previewEmpty")}</p>
          )}
        </div>
      ) : null}
      <div className="mt-1 flex flex-wrap items-start justify-between gap-x-3 gap-y-1 text-xs text-stone-500">
        <p id={`${id}-help`} className="min-w-0">
          {restored ? <span className="mr-2 text-brand-700">{t("draftRestored")}</span> : null}
          {t("help")}{" "}
          {REFERENCE_SYNTAX.map((ref, i) => (
            <span key={ref}>
              {i ? ", " : ""}
              <code translate="no" className="rounded bg-stone-100 px-1 font-mono">
                {ref}
              </code>
            </span>
          ))}
        </p>
        <p className={chars > maxChars ? "font-medium text-red-700" : ""} aria-live="polite">
          {t("count", { count: chars, max: maxChars })}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {footer}
    </div>
  );
}
