"use client";

import type { TFineTuneBase } from "@/lib/configs/fine-tune-shapes";
import type { TLimits } from "@/lib/configs/shapes";
import { createConfigAction } from "../actions";
import { ConfigEditor } from "../_editor/config-editor";
import type { TDraft } from "../_editor/draft";

export function NewConfigEditor(props: {
  initialSpec: TDraft;
  datasets: { versionId: string; label: string }[];
  initialDatasetId: string | null;
  limits: TLimits;
  base?: TFineTuneBase | null;
}) {
  return (
    <ConfigEditor
      {...props}
      mode="create"
      onSave={(spec, meta, datasetId) => createConfigAction({ ...meta, designedForVersionId: datasetId, spec })}
    />
  );
}
