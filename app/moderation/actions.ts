"use server";

import { revalidatePath } from "next/cache";
import { isAppError, isRateLimited } from "@/lib/errors";
import {
  clearDuplicate,
  markDuplicate,
  moderateLock,
  moderatePin,
  setHidden,
  suspendUser,
  unsuspendUser,
} from "@/lib/moderation/mutations";
import { closeReports, createReport } from "@/lib/moderation/reports";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/*
 * Reports (anyone signed in) and moderator actions (moderators; lib/moderation reads the role fresh and answers
 * NOT_FOUND to anyone else). Thin shells: count the write, call lib, refresh the queue and the thing's page, and turn
 * an AppError into a failure the dialog or the queue shows (keys under "moderation." and "apiErrors.").
 */

type TKind = "POST" | "THREAD" | "DATASET" | "CONFIG" | "USER";

function failure(error: unknown) {
  if (isRateLimited(error))
    return actionFailure({
      code: error.code,
      key: "moderation.errors.rateLimited",
      values: { minutes: error.retryAfterMinutes },
    });
  if (isAppError(error)) return actionFailure(error);
  throw error;
}

/** The queue, the log and (when given) the page the action was taken on. */
function refresh(path?: string) {
  revalidatePath("/moderation");
  revalidatePath("/moderation/log");
  if (path?.startsWith("/")) revalidatePath(path);
}

/** Runs one action (its first line: requireWriter) and answers as the queue expects. */
async function run(fn: () => Promise<unknown>, path?: string): Promise<TActionResult> {
  try {
    await fn();
    refresh(path);
    return actionOk(null);
  } catch (error) {
    return failure(error);
  }
}

/** Reports a post, thread, dataset, config or user (reason, optional text). */
export async function reportAction(input: {
  kind: TKind;
  targetId: string;
  reason: string;
  text: string;
}): Promise<TActionResult> {
  try {
    const actor = await requireWriter();
    await createReport({ actor, input });
    revalidatePath("/moderation");
    return actionOk(null);
  } catch (error) {
    return failure(error);
  }
}

/** Hides a post or thread with a reason shown to its author, or shows it again. */
export async function hideAction(
  kind: "POST" | "THREAD",
  id: string,
  reason: string,
  hidden: boolean,
  path?: string,
): Promise<TActionResult> {
  return run(async () => setHidden({ actor: await requireWriter(), input: { kind, id, reason }, hidden }), path);
}

export async function lockThreadAction(threadId: string, locked: boolean, path?: string): Promise<TActionResult> {
  return run(async () => moderateLock({ actor: await requireWriter(), threadId, locked }), path);
}

export async function pinThreadAction(threadId: string, pinned: boolean, path?: string): Promise<TActionResult> {
  return run(async () => moderatePin({ actor: await requireWriter(), threadId, pinned }), path);
}

/** Marks a thread as a duplicate of another (id or link), or clears the mark when `original` is null. */
export async function duplicateAction(
  threadId: string,
  original: string | null,
  path?: string,
): Promise<TActionResult> {
  return run(async () => {
    const actor = await requireWriter();
    return original === null
      ? clearDuplicate({ actor, threadId })
      : markDuplicate({ actor, input: { threadId, original } });
  }, path);
}

/** Suspends an account (reason, optional end date yyyy-mm-dd), or lifts the suspension when `reason` is null. */
export async function suspendAction(userId: string, reason: string | null, until: string): Promise<TActionResult> {
  return run(async () => {
    const actor = await requireWriter();
    return reason === null
      ? unsuspendUser({ actor, userId })
      : suspendUser({ actor, input: { userId, reason, until } });
  });
}

/** Resolves or dismisses a target's open reports. */
export async function closeReportsAction(
  kind: TKind,
  targetId: string,
  status: "RESOLVED" | "DISMISSED",
): Promise<TActionResult> {
  return run(async () => closeReports({ actor: await requireWriter(), input: { kind, targetId, status } }));
}
