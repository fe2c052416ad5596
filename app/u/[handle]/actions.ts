"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { updateProfile } from "@/lib/users/mutations";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { unstable_update } from "@/app/_server/auth";
import { requireWriter } from "@/app/_server/writer";
import { formString } from "@/app/_server/form-state";

type TValues = { name: string; bio: string };

export async function updateProfileAction(
  _prev: TActionResult<TValues, TValues> | null,
  data: FormData,
): Promise<TActionResult<TValues, TValues>> {
  const actor = await requireWriter();
  const values = { name: formString(data, "name"), bio: formString(data, "bio") };
  try {
    const user = await updateProfile({ actor, input: values });
    await unstable_update({ user: { name: user.name } });
    revalidatePath(`/u/${actor.handle}`);
    return actionOk({ name: user.name ?? "", bio: user.bio });
  } catch (error) {
    if (isAppError(error) && error.code === "INVALID_INPUT") {
      return actionFailure(error, values);
    }
    throw error;
  }
}
