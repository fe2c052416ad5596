"use server";

import { revalidatePath } from "next/cache";
import { setDatasetStar } from "@/lib/datasets/mutations";
import { actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/** Stars or unstars a dataset; the value is its new star count. */
export async function toggleStarAction(
  datasetId: string,
  starred: boolean,
  path: string,
): Promise<TActionResult<number>> {
  const actor = await requireWriter();
  const count = await setDatasetStar({ actor, datasetId, starred });
  revalidatePath(path);
  return actionOk(count);
}
