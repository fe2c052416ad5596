"use server";

import { revalidatePath } from "next/cache";
import { setDatasetStar } from "@/lib/datasets/mutations";
import { requireWriter } from "../../../_server/writer";

export async function toggleStarAction(datasetId: string, starred: boolean, path: string) {
  const actor = await requireWriter();
  const count = await setDatasetStar({ actor, datasetId, starred });
  revalidatePath(path);
  return count;
}
