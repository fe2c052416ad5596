"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { updateProfile } from "@/lib/users/mutations";
import { unstable_update } from "../../_server/auth";
import { requireWriter } from "../../_server/writer";
import { formString, type TFormState } from "../../_server/form-state";

type TValues = { name: string; bio: string };

export async function updateProfileAction(_prev: TFormState<TValues>, data: FormData): Promise<TFormState<TValues>> {
  const actor = await requireWriter();
  const values = { name: formString(data, "name"), bio: formString(data, "bio") };
  try {
    const user = await updateProfile({ actor, input: values });
    await unstable_update({ user: { name: user.name } });
    revalidatePath(`/u/${actor.handle}`);
    return { status: "ok", fieldErrors: {}, values: { name: user.name ?? "", bio: user.bio } };
  } catch (error) {
    if (isAppError(error) && error.code === "INVALID_INPUT") {
      return { status: "error", fieldErrors: error.fieldErrors, values };
    }
    throw error;
  }
}
