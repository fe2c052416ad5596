"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError, isRateLimited } from "@/lib/errors";
import { consume } from "@/lib/limits";
import { SpecInvalidError } from "@/lib/configs/errors";
import { cancelRun, rerun, submitRun } from "@/lib/runs/mutations";
import { requireUser } from "../_server/auth";
import { requireWriter } from "../_server/writer";
import { formString } from "../_server/form-state";

export type TSubmitState = { error?: string; issues?: string[]; limit?: number; minutes?: number };

const COMPETITION_ERRORS: Record<string, string> = {
  "competition.dailyLimit": "runForm.competitionDailyLimit",
  "competition.totalLimit": "runForm.competitionTotalLimit",
  "competition.notStarted": "runForm.competitionNotStarted",
  "run.datasetNotReady": "runForm.datasetNotReady",
};

export async function submitRunAction(configRevisionId: string, _prev: TSubmitState, data: FormData): Promise<TSubmitState> {
  const actor = await requireUser();
  const seedText = formString(data, "seed").trim();
  let id: string;
  try {
    await consume("runSubmit", actor.id);
    const run = await submitRun({ actor, configRevisionId, datasetVersionId: formString(data, "datasetVersionId"), seed: seedText ? Number(seedText) : undefined });
    id = run.id;
  } catch (error) {
    if (isRateLimited(error)) return { error: "runForm.rateLimited", minutes: error.retryAfterMinutes };
    if (error instanceof SpecInvalidError) return { error: "runForm.incompatible", issues: error.issues.map((i) => i.message) };
    if (isAppError(error)) {
      const competition = COMPETITION_ERRORS[error.fieldErrors.run ?? ""];
      if (competition) return { error: competition, limit: Number(error.message) || undefined };
      return { error: error.code === "RATE_LIMITED" ? "runForm.tooManyQueued" : "runForm.notFound" };
    }
    throw error;
  }
  redirect(`/runs/${id}`);
}

export async function cancelRunAction(runId: string) {
  const actor = await requireWriter();
  await cancelRun({ actor, runId });
  revalidatePath(`/runs/${runId}`);
}

export async function rerunAction(runId: string) {
  const actor = await requireUser();
  await consume("runSubmit", actor.id);
  const run = await rerun({ actor, runId });
  redirect(`/runs/${run.id}`);
}
