"use client";

import type { TLimits } from "@/lib/configs/shapes";
import { reviseConfigAction } from "@/app/configs/actions";
import { ConfigEditor } from "@/app/configs/_editor/config-editor";
import type { TDraft } from "@/app/configs/_editor/draft";

export function ReviseEditor(props: {
  configId: string;
  path: string;
  initialSpec: TDraft;
  datasets: { versionId: string; label: string }[];
  initialDatasetId: string | null;
  limits: TLimits;
}) {
  const { configId, path, ...rest } = props;
  return (
    <ConfigEditor
      {...rest}
      mode="revise"
      onSave={(spec, meta) => reviseConfigAction({ configId, path, message: meta.message, spec })}
    />
  );
}
