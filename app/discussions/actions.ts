"use server";

import { createElement, type ReactNode } from "react";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError, isRateLimited } from "@/lib/errors";
import { acceptAnswer, unacceptAnswer } from "@/lib/discussions/answers";
import { answer, createThread, deletePost, editPost, reply, setThreadLocked } from "@/lib/discussions/mutations";
import { BODY_MAX_BYTES } from "@/lib/discussions/sizes";
import { unvote, vote } from "@/lib/discussions/votes";
import { actionFailure, actionOk, type TActionResult } from "@/app/_server/action-result";
import { currentUser } from "@/app/_server/auth";
import { requireWriter } from "@/app/_server/writer";
import { formString } from "@/app/_server/form-state";
import { PostPreview } from "./_components/post-body";

/*
 * The thread page's writes. Each is a thin shell over lib/discussions (which checks visibility, permission and input,
 * and counts posts against the posting limit): it counts the write, turns an AppError into a form's failure (keys the
 * client shows from the "apiErrors", "discussionErrors", "thread" and "validation" namespaces) and refreshes the
 * thread. What the user typed comes back on failure so the composer keeps it.
 */

type TPostInput = { body: string; title: string; tags: string };

function failure(error: unknown, input?: Partial<TPostInput>) {
  if (isRateLimited(error))
    return actionFailure(
      { code: error.code, key: "thread.rateLimited", values: { minutes: error.retryAfterMinutes } },
      input,
    );
  if (isAppError(error)) return actionFailure(error, input);
  throw error;
}

const refresh = (threadId: string) => revalidatePath(`/discussions/${threadId}`);

/** Starts a thread from /discussions/new and opens it. */
export async function createThreadAction(
  _prev: TActionResult<never, TPostInput> | null,
  data: FormData,
): Promise<TActionResult<never, TPostInput>> {
  const input = { title: formString(data, "title"), body: formString(data, "body"), tags: formString(data, "tags") };
  let id: string;
  try {
    const actor = await requireWriter();
    const thread = await createThread({
      actor,
      input: {
        kind: formString(data, "kind") || "DISCUSSION",
        ...input,
        runId: formString(data, "runId") || undefined,
        configId: formString(data, "configId") || undefined,
        datasetVersionId: formString(data, "datasetVersionId") || undefined,
        competitionId: formString(data, "competitionId") || undefined,
      },
    });
    id = thread.id;
  } catch (error) {
    return failure(error, input);
  }
  redirect(`/discussions/${id}`);
}

/** A reply (under `parentId` when set) or, with kind=ANSWER, an answer with its optional experiment. */
export async function postAction(
  threadId: string,
  _prev: TActionResult<{ id: string }, TPostInput> | null,
  data: FormData,
): Promise<TActionResult<{ id: string }, TPostInput>> {
  const body = formString(data, "body");
  try {
    const actor = await requireWriter();
    const post =
      formString(data, "kind") === "ANSWER"
        ? await answer({
            actor,
            threadId,
            input: {
              body,
              configRevisionId: formString(data, "configRevisionId") || undefined,
              runId: formString(data, "runId") || undefined,
            },
          })
        : await reply({ actor, threadId, input: { body, parentId: formString(data, "parentId") || undefined } });
    refresh(threadId);
    return actionOk({ id: post.id });
  } catch (error) {
    return failure(error, { body });
  }
}

/** The author's edit: a new revision of the body (and of the title, for the opening post). */
export async function editPostAction(
  threadId: string,
  postId: string,
  _prev: TActionResult<{ id: string }, TPostInput> | null,
  data: FormData,
): Promise<TActionResult<{ id: string }, TPostInput>> {
  const body = formString(data, "body");
  const title = data.has("title") ? formString(data, "title") : undefined;
  try {
    const actor = await requireWriter();
    await editPost({ actor, postId, input: title === undefined ? { body } : { body, title } });
    refresh(threadId);
    return actionOk({ id: postId });
  } catch (error) {
    return failure(error, { body, ...(title === undefined ? {} : { title }) });
  }
}

export async function deletePostAction(threadId: string, postId: string): Promise<TActionResult> {
  try {
    const actor = await requireWriter();
    await deletePost({ actor, postId });
    refresh(threadId);
    return actionOk(null);
  } catch (error) {
    return failure(error);
  }
}

/** Up-votes (or takes the vote back); answers the post's count as stored, so the button shows the truth. */
export async function voteAction(
  threadId: string,
  postId: string,
  up: boolean,
): Promise<TActionResult<{ voteCount: number; voted: boolean }>> {
  try {
    const actor = await requireWriter();
    const result = up ? await vote({ actor, postId }) : await unvote({ actor, postId });
    refresh(threadId);
    return actionOk({ voteCount: result.voteCount ?? 0, voted: up });
  } catch (error) {
    return failure(error);
  }
}

export async function acceptAction(threadId: string, postId: string, accept: boolean): Promise<TActionResult> {
  try {
    const actor = await requireWriter();
    if (accept) await acceptAnswer({ actor, threadId, input: { postId } });
    else await unacceptAnswer({ actor, threadId, input: { postId } });
    refresh(threadId);
    return actionOk(null);
  } catch (error) {
    return failure(error);
  }
}

export async function lockAction(threadId: string, locked: boolean): Promise<TActionResult> {
  try {
    const actor = await requireWriter();
    await setThreadLocked({ actor, threadId, locked });
    refresh(threadId);
    return actionOk(null);
  } catch (error) {
    return failure(error);
  }
}

/**
 * The composer's Preview tab: the post rendered on the server by the same pipeline as a published post (sanitised
 * markdown, maths, code, reference cards resolved for the writer), so what they see is what readers will get.
 */
export async function previewAction(body: string): Promise<ReactNode> {
  await requireWriter();
  const viewer = await currentUser();
  const text = typeof body === "string" ? body.slice(0, BODY_MAX_BYTES) : "";
  return createElement(PostPreview, { body: text, viewer });
}
