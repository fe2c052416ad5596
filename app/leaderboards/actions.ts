"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { createCompetition, setFinalSubmissions, setPrivateRevealed } from "@/lib/leaderboards/competitions";
import { requireWriter } from "../_server/writer";
import { formString, safeRedirectPath, type TFormState } from "../_server/form-state";

const COMPETITION_FIELDS = ["title", "description", "metric", "startsAt", "endsAt", "dailyLimit", "totalLimit", "finalLimit"] as const;

export async function createCompetitionAction(boardPath: string, _prev: TFormState, data: FormData): Promise<TFormState> {
  const actor = await requireWriter();
  const values = Object.fromEntries(COMPETITION_FIELDS.map((f) => [f, formString(data, f)]));
  const path = safeRedirectPath(boardPath, "/leaderboards");
  try {
    await createCompetition({ actor, datasetVersionId: formString(data, "datasetVersionId"), input: values });
  } catch (error) {
    if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) {
      const { form, ...fieldErrors } = error.fieldErrors;
      return { status: "error", fieldErrors, formError: form, values };
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

export type TFinalsState = { status: "idle" | "ok" | "error"; error?: string; limit?: number };

export async function setFinalsAction(competitionId: string, boardPath: string, _prev: TFinalsState, data: FormData): Promise<TFinalsState> {
  const actor = await requireWriter();
  const runIds = data.getAll("final").filter((v): v is string => typeof v === "string");
  try {
    await setFinalSubmissions({ actor, competitionId, runIds });
  } catch (error) {
    if (isAppError(error) && error.fieldErrors.finals) return { status: "error", error: error.fieldErrors.finals, limit: Number(error.message) || undefined };
    throw error;
  }
  revalidatePath(safeRedirectPath(boardPath, "/leaderboards"));
  return { status: "ok" };
}
