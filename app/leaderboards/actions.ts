"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { errorNumber, isAppError } from "@/lib/errors";
import { createCompetition, setFinalSubmissions, setPrivateRevealed } from "@/lib/leaderboards/competitions";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";
import { formString, safeRedirectPath } from "@/app/_server/form-state";

const COMPETITION_FIELDS = [
  "title",
  "description",
  "metric",
  "startsAt",
  "endsAt",
  "dailyLimit",
  "totalLimit",
  "finalLimit",
] as const;

export async function createCompetitionAction(
  boardPath: string,
  _prev: TActionResult | null,
  data: FormData,
): Promise<TActionResult> {
  const actor = await requireWriter();
  const values = Object.fromEntries(COMPETITION_FIELDS.map((f) => [f, formString(data, f)]));
  const path = safeRedirectPath(boardPath, "/leaderboards");
  try {
    await createCompetition({ actor, datasetVersionId: formString(data, "datasetVersionId"), input: values });
  } catch (error) {
    if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) {
      // A form-level problem ("competition.exists") arrives as the field "form": it is the message, not a field.
      const { form, ...fieldErrors } = error.fieldErrors;
      return actionFailure(
        { code: error.code, key: form ?? "competition.fixFields", values: error.values, fieldErrors },
        values,
      );
    }
    throw error;
  }
  revalidatePath(path);
  redirect(path);
}

export async function setRevealAction(datasetVersionId: string, boardPath: string, revealed: boolean) {
  const actor = await requireWriter();
  await setPrivateRevealed({ actor, datasetVersionId, revealed });
  revalidatePath(safeRedirectPath(boardPath, "/leaderboards"));
}

export async function setFinalsAction(
  competitionId: string,
  boardPath: string,
  _prev: TActionResult | null,
  data: FormData,
): Promise<TActionResult> {
  const actor = await requireWriter();
  const runIds = data.getAll("final").filter((v): v is string => typeof v === "string");
  try {
    await setFinalSubmissions({ actor, competitionId, runIds });
  } catch (error) {
    if (isAppError(error) && error.fieldErrors.finals) {
      const limit = errorNumber(error, "limit");
      return actionFailure({
        code: error.code,
        key: error.fieldErrors.finals,
        values: limit === undefined ? {} : { limit },
      });
    }
    throw error;
  }
  revalidatePath(safeRedirectPath(boardPath, "/leaderboards"));
  return actionOk(null);
}
