"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { updateDatasetMeta } from "@/lib/datasets/update";
import { requireWriter } from "../../../../_server/writer";
import { formString, type TFormState } from "../../../../_server/form-state";

const FIELDS = ["title", "description", "license", "citation", "tags", "visibility", "primaryMetric"] as const;

export async function updateDatasetAction(datasetId: string, path: string, _prev: TFormState, data: FormData): Promise<TFormState> {
  const actor = await requireWriter();
  const values = Object.fromEntries(FIELDS.map((f) => [f, formString(data, f)]));
  try {
    await updateDatasetMeta({ actor, datasetId, input: values });
  } catch (error) {
    if (isAppError(error) && error.code === "INVALID_INPUT") return { status: "error", fieldErrors: error.fieldErrors, values };
    throw error;
  }
  revalidatePath(path);
  redirect(path);
}
