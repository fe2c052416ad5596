"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { updateDatasetMeta } from "@/lib/datasets/update";
import { actionFailure, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";
import { formString } from "@/app/_server/form-state";

const FIELDS = ["title", "description", "license", "citation", "tags", "visibility", "primaryMetric"] as const;

export async function updateDatasetAction(
  datasetId: string,
  path: string,
  _prev: TActionResult | null,
  data: FormData,
): Promise<TActionResult> {
  const actor = await requireWriter();
  const values = Object.fromEntries(FIELDS.map((f) => [f, formString(data, f)]));
  try {
    await updateDatasetMeta({ actor, datasetId, input: values });
  } catch (error) {
    if (isAppError(error) && error.code === "INVALID_INPUT") return actionFailure(error, values);
    throw error;
  }
  revalidatePath(path);
  redirect(path);
}
