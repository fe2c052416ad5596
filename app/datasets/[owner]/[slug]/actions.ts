"use server";

import { revalidatePath } from "next/cache";
import { setDatasetStar } from "@/lib/datasets/mutations";
import { requireUser } from "../../../_server/auth";

export async function toggleStarAction(datasetId: string, starred: boolean, path: string) {
  const actor = await requireUser();
  const count = await setDatasetStar({ actor, datasetId, starred });
  revalidatePath(path);
  return count;
}
