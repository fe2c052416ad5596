"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { setRole } from "@/lib/moderation/roles";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { formString } from "@/app/_server/form-state";
import { requireWriter } from "@/app/_server/writer";

/** An admin grants or revokes MODERATOR and ADMIN (lib/moderation/roles.ts setRole: NOT_FOUND for non-admins). */
export async function setRoleAction(
  _prev: TActionResult<null, { handle: string }> | null,
  data: FormData,
): Promise<TActionResult<null, { handle: string }>> {
  const input = { handle: formString(data, "handle"), role: formString(data, "role") };
  try {
    const actor = await requireWriter();
    await setRole({ actor, input });
    revalidatePath("/admin");
    return actionOk(null);
  } catch (error) {
    if (isAppError(error)) return actionFailure(error, { handle: input.handle });
    throw error;
  }
}
