"use server";

import { revalidatePath } from "next/cache";
import { errorNumber, isAppError, isRateLimited } from "@/lib/errors";
import { reproduceRun } from "@/lib/discussions/reproduce";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/** What the button shows after queuing: the new run and the seed it was given. */
type TReproduced = { runId: string; seed: number };

/** An error of reproduceRun (or of the submission it makes) as the button's message, a key under "reproduce.". */
function failure(error: unknown): TActionResult<TReproduced> {
  if (isRateLimited(error))
    return actionFailure({
      code: error.code,
      key: "reproduce.rateLimited",
      values: { minutes: error.retryAfterMinutes },
    });
  if (!isAppError(error)) throw error;
  if (error.key.startsWith("reproduce.")) return actionFailure(error);
  if (error.code === "UNAUTHENTICATED") return actionFailure({ code: error.code, key: "reproduce.signIn" });
  if (error.code === "NOT_FOUND") return actionFailure({ code: error.code, key: "reproduce.notFound" });
  if (error.fieldErrors.run === "run.tooManyQueued")
    return actionFailure({
      code: error.code,
      key: "reproduce.tooManyQueued",
      values: { max: errorNumber(error, "max") ?? 0 },
    });
  // A competition's submission limit, images still decoding, a config the current limits refuse: not now.
  return actionFailure({ code: error.code, key: "reproduce.cannotQueue" });
}

/**
 * "Reproduce with a new seed" on a thread: queues `runId` (the thread's run or one its answers link) again as the
 * signed-in user's run, counted against their run-submission rate ("runSubmit") and queued-run limit; the thread shows
 * the queued event at once and the outcome when the run finishes (lib/discussions/reproduce.ts).
 */
export async function reproduceAction(threadId: string, runId: string): Promise<TActionResult<TReproduced>> {
  try {
    const actor = await requireWriter("runSubmit");
    const run = await reproduceRun({ actor, threadId, runId });
    revalidatePath(`/discussions/${threadId}`);
    return actionOk({ runId: run.runId, seed: run.seed });
  } catch (error) {
    return failure(error);
  }
}
