"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { errorNumber, isAppError, isRateLimited } from "@/lib/errors";
import { consume } from "@/lib/limits";
import { isSpecInvalid } from "@/lib/configs/errors";
import { cancelRun, rerun, submitRun } from "@/lib/runs/mutations";
import { actionFailure, type TActionResult } from "@/app/_server/action-result";
import { requireActiveUser, requireWriter } from "@/app/_server/writer";
import { formString } from "@/app/_server/form-state";

const COMPETITION_ERRORS: Record<string, string> = {
  "competition.dailyLimit": "runForm.competitionDailyLimit",
  "competition.totalLimit": "runForm.competitionTotalLimit",
  "competition.notStarted": "runForm.competitionNotStarted",
  "run.datasetNotReady": "runForm.datasetNotReady",
};

/** Submitting redirects to the new run; only a failure comes back, its key under "runForm.". */
export async function submitRunAction(
  configRevisionId: string,
  _prev: TActionResult<never> | null,
  data: FormData,
): Promise<TActionResult<never>> {
  const actor = await requireActiveUser();
  const seedText = formString(data, "seed").trim();
  let id: string;
  try {
    await consume("runSubmit", actor.id);
    const run = await submitRun({
      actor,
      configRevisionId,
      datasetVersionId: formString(data, "datasetVersionId"),
      seed: seedText ? Number(seedText) : undefined,
    });
    id = run.id;
  } catch (error) {
    if (isRateLimited(error))
      return actionFailure({
        code: error.code,
        key: "runForm.rateLimited",
        values: { minutes: error.retryAfterMinutes },
      });
    if (isSpecInvalid(error))
      return actionFailure({ code: error.code, key: "runForm.incompatible", issues: error.issues });
    if (isAppError(error)) {
      const competition = COMPETITION_ERRORS[error.fieldErrors.run ?? ""];
      const limit = errorNumber(error, "limit");
      if (competition)
        return actionFailure({ code: error.code, key: competition, values: limit === undefined ? {} : { limit } });
      return actionFailure({
        code: error.code,
        key: error.code === "RATE_LIMITED" ? "runForm.tooManyQueued" : "runForm.notFound",
      });
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
  const actor = await requireActiveUser();
  await consume("runSubmit", actor.id);
  const run = await rerun({ actor, runId });
  redirect(`/runs/${run.id}`);
}
