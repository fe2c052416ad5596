"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { headerColumns } from "@/lib/datasets/file-kind";
import { formatBytes } from "@/lib/format";
import { Button } from "../../_components/ui/button";
import { Field } from "../../_components/ui/field";
import { UploadStatus } from "../../_components/upload/upload-status";
import { useUpload } from "../../_components/upload/use-upload";
import { RADIO_CARD } from "../../_components/ui/styles";
import { ColumnTypesField } from "../column-types-field";
import { VisibilityField } from "../visibility-field";

type TKind = "TABULAR" | "IMAGE";

/** Reads the header row of a chosen CSV in the browser, to offer its columns as targets (none for a file that is not text). */
async function headerColumnsOf(file: File): Promise<string[]> {
  return headerColumns(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
}

export function DatasetForm({
  licenses,
  commonLicenses,
  maxBytes,
}: {
  licenses: readonly string[];
  commonLicenses: readonly string[];
  maxBytes: number;
}) {
  const t = useTranslations("datasetForm");
  const tv = useTranslations("validation");
  const td = useTranslations("datasets");
  const router = useRouter();
  const { state, start, busy } = useUpload("/api/datasets");
  const [kind, setKind] = useState<TKind>("TABULAR");
  const [columns, setColumns] = useState<string[]>([]);
  const [target, setTarget] = useState("");

  const fieldErrors = state.phase === "error" && state.error.kind === "fields" ? state.error.fields : {};
  const err = (name: string) =>
    fieldErrors[name] ? tv(fieldErrors[name] as "invalid", { max: formatBytes(maxBytes) }) : undefined;

  async function onFile(file: File | undefined) {
    if (!file || kind !== "TABULAR") return setColumns([]);
    const cols = await headerColumnsOf(file).catch((): string[] => []);
    setColumns(cols);
    const guess = cols.find((c) => /^(target|label|class|species|y)$/i.test(c)) ?? cols.at(-1) ?? "";
    if (!target || !cols.includes(target)) setTarget(guess);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Everything typed stays in the form: only the upload's state changes on error.
    const result = await start(new FormData(event.currentTarget));
    if (result.phase === "done") {
      const url = (result.body as { dataset?: { url?: string } }).dataset?.url;
      if (url) router.push(url);
    }
  }

  const radio = RADIO_CARD;
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-stone-800">{t("kind")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {(["TABULAR", "IMAGE"] as const).map((k) => (
            <label key={k} className={radio}>
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="mt-0.5"
              />
              {k === "TABULAR" ? t("kindTabular") : t("kindImage")}
            </label>
          ))}
        </div>
      </fieldset>

      <Field
        label={t("file")}
        name="file"
        type="file"
        accept={kind === "TABULAR" ? ".csv,.tsv,.txt,text/csv,text/tab-separated-values" : ".zip,application/zip"}
        required
        onChange={(e) => void onFile(e.currentTarget.files?.[0])}
        hint={
          kind === "TABULAR"
            ? t("fileHintTabular", { max: formatBytes(maxBytes) })
            : t("fileHintImage", { max: formatBytes(maxBytes) })
        }
        error={err("file")}
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-stone-800">{t("taskType")}</legend>
          {(["CLASSIFICATION", "REGRESSION"] as const).map((task) => (
            <label key={task} className={radio}>
              <input
                type="radio"
                name="taskType"
                value={task}
                defaultChecked={task === "CLASSIFICATION"}
                disabled={kind === "IMAGE" && task === "REGRESSION"}
                className="mt-0.5"
              />
              {td(`task.${task}`)}
            </label>
          ))}
        </fieldset>
        {kind === "TABULAR" ? (
          <div>
            <label htmlFor="field-targetColumn" className="block text-sm font-medium text-stone-800">
              {t("target")}
            </label>
            {columns.length ? (
              <select
                id="field-targetColumn"
                name="targetColumn"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
                aria-describedby="target-hint"
              >
                <option value="">{t("targetPick")}</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id="field-targetColumn"
                name="targetColumn"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
              />
            )}
            {err("targetColumn") ? (
              <p role="alert" className="mt-1 text-sm text-red-700">
                {err("targetColumn")}
              </p>
            ) : (
              <p id="target-hint" className="mt-1 text-xs text-stone-500">
                {t("targetHint")}
              </p>
            )}
          </div>
        ) : (
          <div className="grid grid-cols-2 gap-3">
            <label className="text-sm font-medium text-stone-800">
              {t("imageSize")}
              <select
                name="imageSize"
                defaultValue="28"
                className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
              >
                {[28, 32, 64].map((s) => (
                  <option key={s} value={s}>
                    {t("imageSizeValue", { size: s })}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm font-medium text-stone-800">
              {t("channels")}
              <select
                name="imageChannels"
                defaultValue="1"
                className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
              >
                <option value="1">{t("grayscale")}</option>
                <option value="3">{t("rgb")}</option>
              </select>
            </label>
          </div>
        )}
      </div>

      {kind === "TABULAR" ? <ColumnTypesField columns={columns} error={err("columnTypes")} /> : null}

      <Field label={t("titleLabel")} name="title" required minLength={3} maxLength={120} error={err("title")} />
      <Field
        label={t("description")}
        name="description"
        multiline
        rows={6}
        maxLength={20000}
        hint={t("descriptionHint")}
        error={err("description")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Field
            label={t("license")}
            name="license"
            list="spdx-licenses"
            defaultValue="CC-BY-4.0"
            required
            hint={t("licenseHint")}
            error={err("license")}
          />
          <datalist id="spdx-licenses">
            {[...commonLicenses, ...licenses.filter((l) => !commonLicenses.includes(l))].map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        <Field label={t("tags")} name="tags" hint={t("tagsHint")} error={err("tags")} />
      </div>
      <Field label={t("citation")} name="citation" maxLength={2000} error={err("citation")} />
      <Field label={t("slug")} name="slug" maxLength={60} hint={t("slugHint")} error={err("slug")} />

      <VisibilityField />

      <UploadStatus state={state} />
      <Button type="submit" disabled={busy}>
        {t("submit")}
      </Button>
    </form>
  );
}
