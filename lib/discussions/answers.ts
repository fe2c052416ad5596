import type { TSessionUser } from "../auth/session";
import { answerAcceptedActivity } from "../activity/hooks";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { notifyAcceptance } from "../notifications/discussions";
import { publishNotifications } from "../notifications/notify";
import { canAcceptAnswer } from "../permissions/discussions";
import { settleAnswerReputation } from "../reputation/hooks";
import { parseInput } from "../validation";
import { visibleThread } from "./access";
import { ZAcceptInput } from "./schemas";

/** The thread, checked to be a question the actor asked (NOT_FOUND when hidden, then FORBIDDEN, then the kind). */
async function askersQuestion(actor: TSessionUser, threadId: string, db: TPrisma) {
  const thread = await visibleThread(threadId, actor, db);
  if (thread.kind !== "QUESTION")
    throw new AppError(
      "INVALID_INPUT",
      { form: "discussion.answerNeedsQuestion" },
      { key: "discussionErrors.notQuestion" },
    );
  if (!canAcceptAnswer(actor, thread)) throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.notAsker" });
  return thread;
}

/** The asker accepts an answer of their question (replacing any accepted before): only an ANSWER post of it. */
export async function acceptAnswer(
  { actor, threadId, input }: { actor: TSessionUser; threadId: string; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const thread = await askersQuestion(actor, threadId, db);
  const { postId } = parseInput(ZAcceptInput, input);
  const post = await db.post.findFirst({
    where: { id: postId, threadId: thread.id, kind: "ANSWER", deletedAt: null },
    select: { id: true },
  });
  if (!post) throw new AppError("INVALID_INPUT", { postId: "discussion.notAnswer" });
  const notified = await db.$transaction(async (tx) => {
    await tx.thread.update({ where: { id: thread.id }, data: { acceptedPostId: post.id } });
    await settleAnswerReputation(thread.id, tx);
    // Last in the transaction (lib/notifications/notify.ts); only when the accepted answer changed.
    if (thread.acceptedPostId === post.id) return [];
    await answerAcceptedActivity({ threadId: thread.id, postId: post.id }, tx);
    return notifyAcceptance({ actorId: actor.id, threadId: thread.id, postId: post.id }, tx);
  });
  await publishNotifications(notified);
  return { threadId: thread.id, acceptedPostId: post.id };
}

/** The asker takes the acceptance back; with a postId, only when that post is the accepted one. Idempotent. */
export async function unacceptAnswer(
  { actor, threadId, input = {} }: { actor: TSessionUser; threadId: string; input?: unknown },
  db: TPrisma = getPrisma(),
) {
  const thread = await askersQuestion(actor, threadId, db);
  const postId = parseInput(ZAcceptInput.partial(), input).postId;
  return db.$transaction(async (tx) => {
    await tx.thread.updateMany({
      where: { id: thread.id, ...(postId ? { acceptedPostId: postId } : {}) },
      data: { acceptedPostId: null },
    });
    await settleAnswerReputation(thread.id, tx);
    const { acceptedPostId } = await tx.thread.findUniqueOrThrow({
      where: { id: thread.id },
      select: { acceptedPostId: true },
    });
    return { threadId: thread.id, acceptedPostId };
  });
}
