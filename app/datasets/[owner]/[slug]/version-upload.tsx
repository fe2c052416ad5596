"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { headerColumns } from "@/lib/datasets/file-kind";
import { formatBytes } from "@/lib/format";
import { Button } from "@/app/_components/ui/button";
import { Field, FormAlert } from "@/app/_components/ui/field";
import { UploadStatus } from "@/app/_components/upload/upload-status";
import { useUpload } from "@/app/_components/upload/use-upload";
import { ColumnTypesField } from "../../column-types-field";

export function VersionUpload({
  url,
  accept,
  maxBytes,
  tabular,
}: {
  url: string;
  accept: string;
  maxBytes: number;
  /** A table: its columns are read from the chosen file so their types can be set. */
  tabular: boolean;
}) {
  const t = useTranslations("datasetForm");
  const tv = useTranslations("validation");
  const router = useRouter();
  const { state, start, busy } = useUpload(url);
  const [columns, setColumns] = useState<string[]>([]);
  async function onFile(file: File | undefined) {
    if (!file || !tabular) return setColumns([]);
    setColumns(headerColumns(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer())));
  }
  const fields = state.phase === "error" && state.error.kind === "fields" ? state.error.fields : {};
  const err = (name: string) =>
    fields[name] ? tv(fields[name] as "invalid", { max: formatBytes(maxBytes) }) : undefined;
  const done = state.phase === "done" ? (state.body as { version?: { number?: number } }).version?.number : undefined;
  return (
    <form
      className="space-y-4 rounded-lg border border-stone-200 bg-white p-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const result = await start(new FormData(form));
        if (result.phase === "done") {
          form.reset();
          setColumns([]);
          router.refresh();
        }
      }}
    >
      <div>
        <h3 className="font-medium text-stone-900">{t("newVersion")}</h3>
        <p className="text-sm text-stone-600">{t("newVersionHint")}</p>
      </div>
      <Field
        label={t("file")}
        name="file"
        type="file"
        accept={accept}
        required
        error={err("file")}
        onChange={(e) => void onFile(e.currentTarget.files?.[0])}
      />
      <ColumnTypesField columns={columns} error={err("columnTypes")} />
      <Field label={t("versionMessage")} name="message" maxLength={500} error={err("message")} />
      <UploadStatus state={state} />
      {done ? <FormAlert tone="success">{t("versionUploaded", { number: done })}</FormAlert> : null}
      <Button type="submit" disabled={busy}>
        {t("submitVersion")}
      </Button>
    </form>
  );
}
