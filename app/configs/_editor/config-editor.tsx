"use client";

import { useEffect, useMemo, useState, useTransition } from "react";
import { useFormatter, useTranslations } from "next-intl";
import type { TDatasetShapeInfo, TLimits } from "@/lib/configs/shapes";
import { validateSpec } from "@/lib/configs/validate";
import { Button } from "../../_components/ui/button";
import { Field, FormAlert } from "../../_components/ui/field";
import { VisibilityField } from "../../datasets/visibility-field";
import type { TSaveResult } from "../actions";
import { type TDraft } from "./draft";
import type { TFineTuneBase } from "@/lib/configs/fine-tune-shapes";
import { FineTuneFields } from "./fine-tune-fields";
import { LayerList } from "./layer-list";
import { PreprocessingFields, TrainingFields } from "./training-fields";
import { specIssueText } from "./spec-issue";

type TChoice = { versionId: string; label: string };
type TMeta = { title: string; description: string; visibility: string; message: string };

/**
 * The config editor: a form and a raw JSON view of the same draft, kept in
 * sync; validation (schema, limits, shapes for the chosen dataset) runs as you
 * type with the same code the server uses, and the server checks again on save.
 */
export function ConfigEditor({
  initialSpec,
  datasets,
  initialDatasetId,
  limits,
  mode,
  onSave,
  base = null,
}: {
  initialSpec: TDraft;
  datasets: TChoice[];
  initialDatasetId: string | null;
  limits: TLimits;
  /** A fine-tuned spec's base run, looked up on the server (its layers, for shape checks as you type). */
  base?: TFineTuneBase | null;
  mode: "create" | "revise";
  onSave: (spec: string, meta: TMeta, datasetId: string | null) => Promise<TSaveResult>;
}) {
  const t = useTranslations("configEditor");
  const tv = useTranslations("validation");
  const tIssue = useTranslations("specIssues");
  const format = useFormatter();
  const [draft, setDraft] = useState<TDraft>(initialSpec);
  const [text, setText] = useState(() => JSON.stringify(initialSpec, null, 2));
  /** Where the JSON text stops parsing (line and column from 1), or "end" when it stops early. */
  const [jsonError, setJsonError] = useState<{ line: number; column: number } | "end" | null>(null);
  const [tab, setTab] = useState<"form" | "json">("form");
  const [datasetId, setDatasetId] = useState(initialDatasetId);
  const [fetched, setFetched] = useState<{ id: string; info: TDatasetShapeInfo | null } | null>(null);
  const dataset = fetched && fetched.id === datasetId ? fetched.info : null;
  const [meta, setMeta] = useState<TMeta>({ title: "", description: "", visibility: "PUBLIC", message: "" });
  const [server, setServer] = useState<TSaveResult | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!datasetId) return;
    let live = true;
    fetch(`/api/datasets/shape-info?version=${encodeURIComponent(datasetId)}`)
      .then((r) => (r.ok ? (r.json() as Promise<TDatasetShapeInfo>) : null))
      .then((info) => live && setFetched({ id: datasetId, info }))
      .catch(() => live && setFetched({ id: datasetId, info: null }));
    return () => {
      live = false;
    };
  }, [datasetId]);

  const fromForm = (next: TDraft) => {
    setDraft(next);
    setText(JSON.stringify(next, null, 2));
    setJsonError(null);
  };
  const fromJson = (next: string) => {
    setText(next);
    try {
      setDraft(JSON.parse(next) as TDraft);
      setJsonError(null);
    } catch (e) {
      setJsonError(syntaxErrorPlace(next, (e as Error).message));
    }
  };

  // The base is known for the run it was looked up for; another id typed in is checked by the server on save.
  const baseRunId = (draft.fineTune as { baseRunId?: unknown } | undefined)?.baseRunId;
  const lookup = useMemo(
    () => (base && base.runId === baseRunId ? { ok: true as const, base } : undefined),
    [base, baseRunId],
  );
  const result = useMemo(() => validateSpec(text, dataset, limits, lookup), [text, dataset, limits, lookup]);
  const saveError = server && !server.ok ? server.error : null;
  const issues = saveError?.issues?.length ? saveError.issues : result.ok ? [] : result.issues;
  const errorAt = (path: string) => {
    const found = issues.find((i) => i.path === path);
    return found ? specIssueText(tIssue, found, false) : undefined;
  };
  const layers = ((draft.model as { layers?: Record<string, unknown>[] } | undefined)?.layers ?? []) as Record<
    string,
    unknown
  >[];
  const fieldError = (name: string) =>
    saveError?.fieldErrors[name] ? tv(saveError.fieldErrors[name] as "invalid") : undefined;

  const save = () =>
    startTransition(async () => {
      setServer(await onSave(text, meta, datasetId));
    });

  const tabButton = (name: "form" | "json") => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === name}
      onClick={() => setTab(name)}
      className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === name ? "border-brand-600 font-medium" : "border-transparent text-stone-600"}`}
    >
      {t(`tabs.${name}`)}
    </button>
  );

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:flex-row sm:items-end">
        <label className="block flex-1 text-sm font-medium text-stone-800">
          {t("dataset")}
          <select
            value={datasetId ?? ""}
            onChange={(e) => setDatasetId(e.target.value || null)}
            disabled={mode === "revise"}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
          >
            <option value="">{t("noDataset")}</option>
            {datasets.map((d) => (
              <option key={d.versionId} value={d.versionId}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <div className="text-sm text-stone-700" data-testid="param-count">
          {result.analysis ? t("totalParams", { count: format.number(result.analysis.totalParams) }) : t("pickDataset")}
        </div>
      </div>

      <div role="tablist" className="flex gap-1 border-b border-stone-200">
        {tabButton("form")}
        {tabButton("json")}
      </div>

      {tab === "form" ? (
        jsonError ? (
          <FormAlert>{t("fixJsonFirst")}</FormAlert>
        ) : (
          <div className="space-y-6">
            {draft.fineTune ? (
              <section>
                <h3 className="mb-2 font-medium text-stone-900">{t("fineTune.title")}</h3>
                <FineTuneFields
                  draft={draft}
                  onChange={fromForm}
                  errorAt={errorAt}
                  base={lookup?.base ?? null}
                  analysis={result.analysis}
                />
              </section>
            ) : null}
            <section>
              <h3 className="mb-2 font-medium text-stone-900">{draft.fineTune ? t("fineTune.head") : t("model")}</h3>
              <LayerList
                layers={layers}
                onChange={(next) => fromForm({ ...draft, model: { ...(draft.model as object), layers: next } })}
                analysis={result.analysis}
                errorAt={errorAt}
              />
              {errorAt("model.layers") ? (
                <p role="alert" className="mt-2 text-sm text-red-700">
                  {errorAt("model.layers")}
                </p>
              ) : null}
            </section>
            <section>
              <h3 className="mb-2 font-medium text-stone-900">{t("training")}</h3>
              <TrainingFields draft={draft} onChange={fromForm} errorAt={errorAt} dataset={dataset} />
            </section>
            <section>
              <h3 className="mb-2 font-medium text-stone-900">{t("preprocessing")}</h3>
              <PreprocessingFields draft={draft} onChange={fromForm} errorAt={errorAt} dataset={dataset} />
            </section>
          </div>
        )
      ) : (
        <div>
          <label htmlFor="spec-json" className="sr-only">
            {t("tabs.json")}
          </label>
          <textarea
            id="spec-json"
            value={text}
            onChange={(e) => fromJson(e.target.value)}
            spellCheck={false}
            rows={28}
            className={`block w-full rounded-md border bg-stone-950 p-3 font-mono text-xs leading-relaxed text-stone-100 ${jsonError ? "border-red-500" : "border-stone-300"}`}
          />
        </div>
      )}

      {issues.length || jsonError ? (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800"
          data-testid="spec-issues"
        >
          <p className="font-medium">{t("issues", { count: issues.length || 1 })}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono text-xs">
            {jsonError ? (
              <li>{jsonError === "end" ? t("jsonIncomplete") : t("jsonSyntaxError", jsonError)}</li>
            ) : (
              issues.map((i) => <li key={`${i.path}-${i.code}`}>{specIssueText(tIssue, i)}</li>)
            )}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-brand-700" role="status">
          {t("valid")}
        </p>
      )}

      <div className="space-y-4 rounded-lg border border-stone-200 bg-white p-4">
        {mode === "create" ? (
          <>
            <Field
              label={t("title")}
              name="title"
              value={meta.title}
              onChange={(e) => setMeta({ ...meta, title: e.target.value })}
              error={fieldError("title")}
            />
            <Field
              label={t("description")}
              name="description"
              value={meta.description}
              onChange={(e) => setMeta({ ...meta, description: e.target.value })}
              error={fieldError("description")}
            />
            <div onChange={(e) => setMeta({ ...meta, visibility: (e.target as HTMLInputElement).value })}>
              <VisibilityField defaultValue={meta.visibility} />
            </div>
          </>
        ) : null}
        <Field
          label={t("message")}
          name="message"
          value={meta.message}
          onChange={(e) => setMeta({ ...meta, message: e.target.value })}
          error={
            fieldError("message") ??
            (saveError?.fieldErrors.spec ? tv(saveError.fieldErrors.spec as "invalid") : undefined)
          }
        />
        <Button type="button" onClick={save} disabled={pending || Boolean(jsonError)}>
          {mode === "create" ? t("create") : t("saveRevision")}
        </Button>
      </div>
    </div>
  );
}

/** The engine's message names a character offset ("… at position 10"); readers want a line and column. */
function syntaxErrorPlace(text: string, message: string): { line: number; column: number } | "end" {
  const at = /position (\d+)/.exec(message);
  if (!at) return "end";
  const before = text.slice(0, Number(at[1]));
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}
