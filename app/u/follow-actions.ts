"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { setFollow } from "@/lib/follows/mutations";
import type { TFollowTarget } from "@/lib/follows/schemas";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/**
 * Follows or unfollows a user or a dataset for the signed-in user; the value is the new state. Refusals a user can act
 * on (the follow limit, following oneself, a suspension, a rate limit) come back as a failure the button shows.
 */
export async function setFollowAction(
  target: TFollowTarget,
  following: boolean,
): Promise<TActionResult<{ following: boolean; followers: number }>> {
  try {
    const actor = await requireWriter();
    const state = await setFollow({ actor, target, following });
    revalidatePath("/");
    return actionOk(state);
  } catch (error) {
    if (isAppError(error) && error.code !== "UNAUTHENTICATED") return actionFailure(error);
    throw error;
  }
}
