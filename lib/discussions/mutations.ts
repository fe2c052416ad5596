import type { TSessionUser } from "../auth/session";
import { getPrisma, type TDb, type TPrisma } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { contentLanguage } from "../i18n/content-language";
import { consumePost } from "../limits/limits";
import { notifyEditedMentions, notifyPost } from "../notifications/discussions";
import { publishNotifications } from "../notifications/notify";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canEditPost } from "../permissions/discussions";
import { canViewRun } from "../permissions/runs";
import { parseInput } from "../validation";
import { visiblePost, visibleThread } from "./access";
import { ZAnswerInput, ZEditInput, ZReplyInput, ZSystemEvent, ZThreadInput, type TSystemEvent } from "./schemas";
import { parseMentions } from "./text";

/*
 * Writes of the discussion system. Each takes the actor, loads what it changes, answers NOT_FOUND for what the actor
 * may not see (before anything else, so a hidden thread's existence never leaks through a 403 or a 422), then checks
 * the permission, then the input; counters on Thread change in the same transaction as the posts they count.
 * Votes and accepted answers: votes.ts, answers.ts.
 */

const OWNED = { select: { ownerId: true, visibility: true } } as const;
const RUN_ACCESS = {
  id: true,
  userId: true,
  status: true,
  configRevisionId: true,
  datasetVersionId: true,
  config: OWNED,
  datasetVersion: { select: { dataset: OWNED } },
} as const;

/** Mentioned handles that belong to someone, in the order written. */
async function existingMentions(body: string, db: TDb): Promise<string[]> {
  const handles = parseMentions(body);
  if (!handles.length) return [];
  const found = new Set(
    (await db.user.findMany({ where: { handle: { in: handles } }, select: { handle: true } })).map((u) => u.handle),
  );
  return handles.filter((h) => found.has(h));
}

/** The posting rate limit (lib/limits consumePost), stricter for a new account: its age is read, not trusted. */
async function countPost(actor: TSessionUser, db: TDb) {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { id: true, createdAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED");
  await consumePost(user);
}

const missing = (field: string, key: string) => new AppError("INVALID_INPUT", { [field]: key });

/** What a new thread is attached to, checked visible to the actor: a hidden thing is NOT_FOUND. */
async function subjectOf(
  input: { runId?: string; configId?: string; datasetVersionId?: string; competitionId?: string },
  actor: TSessionUser,
  db: TDb,
): Promise<
  Pick<Prisma.ThreadUncheckedCreateInput, "runId" | "configId" | "datasetId" | "datasetVersionId" | "competitionId">
> {
  if (input.runId) {
    const run = await db.run.findUnique({ where: { id: input.runId }, select: RUN_ACCESS });
    if (!run || !canViewRun(actor, run)) throw new AppError("NOT_FOUND");
    return { runId: run.id };
  }
  if (input.configId) {
    const config = await db.config.findUnique({
      where: { id: input.configId },
      select: { id: true, ownerId: true, visibility: true },
    });
    if (!config || !canViewConfig(actor, config)) throw new AppError("NOT_FOUND");
    return { configId: config.id };
  }
  if (input.datasetVersionId) {
    const version = await db.datasetVersion.findUnique({
      where: { id: input.datasetVersionId },
      select: { id: true, datasetId: true, dataset: OWNED },
    });
    if (!version || !canViewDataset(actor, version.dataset)) throw new AppError("NOT_FOUND");
    return { datasetId: version.datasetId, datasetVersionId: version.id };
  }
  if (input.competitionId) {
    const competition = await db.competition.findUnique({
      where: { id: input.competitionId },
      select: { id: true, datasetVersion: { select: { dataset: OWNED } } },
    });
    if (!competition || !canViewDataset(actor, competition.datasetVersion.dataset)) throw new AppError("NOT_FOUND");
    return { competitionId: competition.id };
  }
  return {};
}

/** Starts a thread: the thread, its opening post and that post's revision 1, in one transaction. */
export async function createThread(
  { actor, input }: { actor: TSessionUser; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const parsed = parseInput(ZThreadInput, input);
  const subject = await subjectOf(parsed, actor, db);
  const mentions = await existingMentions(parsed.body, db);
  await countPost(actor, db);
  const language = contentLanguage(`${parsed.title}\n${parsed.body}`);
  const { notified, ...created } = await db.$transaction(async (tx) => {
    const thread = await tx.thread.create({
      data: { kind: parsed.kind, title: parsed.title, authorId: actor.id, tags: parsed.tags, language, ...subject },
      select: { id: true, kind: true, title: true, tags: true, createdAt: true },
    });
    const post = await tx.post.create({
      data: {
        threadId: thread.id,
        authorId: actor.id,
        kind: "OPENING",
        body: parsed.body,
        language: contentLanguage(parsed.body),
        mentions,
        revisions: { create: { number: 1, body: parsed.body, title: parsed.title, editorId: actor.id } },
      },
      select: { id: true },
    });
    const notified = await notifyPost(post.id, tx); // its mentions; last in the transaction (notifications/notify.ts)
    return { ...thread, openingPostId: post.id, mentions, notified };
  });
  await publishNotifications(notified);
  return created;
}

type TThreadState = Awaited<ReturnType<typeof visibleThread>>;

function assertOpen(thread: { locked: boolean; deletedAt: Date | null }) {
  if (thread.deletedAt) throw new AppError("CONFLICT", {}, { key: "discussionErrors.threadDeleted" });
  if (thread.locked) throw new AppError("CONFLICT", {}, { key: "discussionErrors.locked" });
}

/**
 * A new post in an open thread, counted on the thread in the same transaction. The thread is re-checked open inside
 * it (a lock or delete that lands between the check above and this write still refuses the post).
 */
async function addPost(
  thread: TThreadState,
  data: Omit<Prisma.PostUncheckedCreateInput, "threadId" | "language" | "mentions"> & {
    authorId: string;
    body: string;
  },
  db: TPrisma,
) {
  const mentions = await existingMentions(data.body, db);
  const { post, notified } = await db.$transaction(async (tx) => {
    const now = new Date();
    const open = await tx.thread.updateMany({
      where: { id: thread.id, locked: false, deletedAt: null },
      data: { replyCount: { increment: 1 }, lastActivityAt: now },
    });
    if (open.count !== 1) {
      const state = await tx.thread.findUnique({ where: { id: thread.id }, select: { locked: true, deletedAt: true } });
      assertOpen({ locked: state?.locked ?? true, deletedAt: state?.deletedAt ?? null });
    }
    const post = await tx.post.create({
      data: {
        ...data,
        threadId: thread.id,
        language: contentLanguage(data.body),
        mentions,
        createdAt: now,
        revisions: { create: { number: 1, body: data.body, editorId: data.authorId } },
      },
      select: {
        id: true,
        threadId: true,
        kind: true,
        parentId: true,
        mentions: true,
        configRevisionId: true,
        runId: true,
        createdAt: true,
      },
    });
    // Replies, answers and mentions, last in the transaction (lib/notifications/notify.ts); published after it.
    return { post, notified: await notifyPost(post.id, tx) };
  });
  await publishNotifications(notified);
  return post;
}

/** A reply: at the top level of the thread, or under one of its top-level posts (replies are one level deep). */
export async function reply(
  { actor, threadId, input }: { actor: TSessionUser; threadId: string; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const thread = await visibleThread(threadId, actor, db);
  assertOpen(thread);
  const { body, parentId } = parseInput(ZReplyInput, input);
  if (parentId) {
    const parent = await db.post.findUnique({
      where: { id: parentId },
      select: { threadId: true, parentId: true, kind: true },
    });
    if (!parent || parent.threadId !== thread.id || parent.parentId !== null || parent.kind === "SYSTEM")
      throw missing("parentId", "discussion.parentInvalid");
  }
  await countPost(actor, db);
  return addPost(thread, { kind: "REPLY", authorId: actor.id, body, parentId: parentId ?? null }, db);
}

/**
 * An answer to a question, possibly an experiment: a config revision and a run the actor can see (the run's own
 * revision when only the run is named). On a question about a run, the linked run must be on the same dataset version,
 * so that the measured change compares like with like.
 */
export async function answer(
  { actor, threadId, input }: { actor: TSessionUser; threadId: string; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const thread = await visibleThread(threadId, actor, db);
  if (thread.kind !== "QUESTION")
    throw new AppError(
      "INVALID_INPUT",
      { form: "discussion.answerNeedsQuestion" },
      { key: "discussionErrors.notQuestion" },
    );
  assertOpen(thread);
  const { body, runId, configRevisionId } = parseInput(ZAnswerInput, input);
  let revisionId = configRevisionId ?? null;
  if (revisionId) {
    const revision = await db.configRevision.findUnique({ where: { id: revisionId }, select: { config: OWNED } });
    if (!revision || !canViewConfig(actor, revision.config))
      throw missing("configRevisionId", "discussion.revisionNotFound");
  }
  if (runId) {
    const run = await db.run.findUnique({ where: { id: runId }, select: RUN_ACCESS });
    if (!run || !canViewRun(actor, run)) throw missing("runId", "discussion.runNotFound");
    if (revisionId && run.configRevisionId !== revisionId) throw missing("runId", "discussion.runNotOfRevision");
    if (thread.run && run.datasetVersionId !== thread.run.datasetVersionId)
      throw missing("runId", "discussion.runOtherVersion");
    revisionId = run.configRevisionId;
  }
  await countPost(actor, db);
  return addPost(
    thread,
    { kind: "ANSWER", authorId: actor.id, body, runId: runId ?? null, configRevisionId: revisionId },
    db,
  );
}

/** The author edits a post: a new revision (history), editedAt, and for an opening post possibly the title. */
export async function editPost(
  { actor, postId, input }: { actor: TSessionUser; postId: string; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const post = await visiblePost(postId, actor, db);
  if (!canEditPost(actor, post)) throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.notAuthor" });
  if (post.deletedAt) throw new AppError("CONFLICT", {}, { key: "discussionErrors.postDeleted" });
  const { body, title } = parseInput(ZEditInput, input);
  const opening = post.kind === "OPENING";
  const current = opening
    ? await db.thread.findUniqueOrThrow({ where: { id: post.threadId }, select: { title: true } })
    : null;
  const newTitle = opening ? (title ?? current!.title) : null;
  if (body === post.body && newTitle === (current?.title ?? null)) return { id: post.id, edited: false };
  const mentions = await existingMentions(body, db);
  const { notified, ...edited } = await db.$transaction(async (tx) => {
    const now = new Date();
    const last = await tx.postRevision.aggregate({ where: { postId: post.id }, _max: { number: true } });
    const revision = (last._max.number ?? 0) + 1;
    // (postId, number) is unique: of two edits racing for the same number, the second fails (409) and can retry.
    await tx.postRevision.create({
      data: { postId: post.id, number: revision, body, title: newTitle, editorId: actor.id },
    });
    await tx.post.update({
      where: { id: post.id },
      data: { body, editedAt: now, language: contentLanguage(body), mentions },
    });
    if (opening)
      await tx.thread.update({
        where: { id: post.threadId },
        data: { title: newTitle!, language: contentLanguage(`${newTitle}\n${body}`) },
      });
    // Mentions the edit added, last in the transaction (lib/notifications/notify.ts); published after it.
    const notified = await notifyEditedMentions({ postId: post.id, editorId: actor.id, revision }, tx);
    return { id: post.id, edited: true, editedAt: now, mentions, notified };
  });
  await publishNotifications(notified);
  return edited;
}

/**
 * The author deletes a post: the row stays, so replies under it stay readable, and readers get a placeholder
 * without its body. Deleting the opening post deletes the thread the same way (kept by link, never listed).
 * Deleting twice is a no-op.
 */
export async function deletePost(
  { actor, postId }: { actor: TSessionUser; postId: string },
  db: TPrisma = getPrisma(),
) {
  const post = await visiblePost(postId, actor, db);
  if (!canEditPost(actor, post)) throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.notAuthor" });
  return db.$transaction(async (tx) => {
    const now = new Date();
    const marked = await tx.post.updateMany({ where: { id: post.id, deletedAt: null }, data: { deletedAt: now } });
    if (marked.count === 1) {
      const data: Prisma.ThreadUpdateInput = {};
      if (post.kind === "ANSWER" || post.kind === "REPLY") data.replyCount = { decrement: 1 };
      if (post.kind === "OPENING") data.deletedAt = now;
      await tx.thread.update({ where: { id: post.threadId }, data });
      // An accepted answer that is gone is no longer accepted (nor a verified fix).
      await tx.thread.updateMany({
        where: { id: post.threadId, acceptedPostId: post.id },
        data: { acceptedPostId: null },
      });
    }
    return { id: post.id, deleted: true };
  });
}

/** The thread's author locks it (no new replies or answers) or opens it again. */
export async function setThreadLocked(
  { actor, threadId, locked }: { actor: TSessionUser; threadId: string; locked: boolean },
  db: TPrisma = getPrisma(),
) {
  const thread = await visibleThread(threadId, actor, db);
  if (!canEditPost(actor, thread)) throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.notAuthor" });
  return db.thread.update({ where: { id: thread.id }, data: { locked }, select: { id: true, locked: true } });
}

/**
 * A SYSTEM post: an event the platform writes into a thread (a reproduction's outcome), stored as a type and values,
 * never as English text, so each reader sees it in their language (catalogue "discussion.system.<type>"). Takes a
 * transaction's client, so that the write that caused the event can add it in the same transaction.
 */
export async function postSystemEvent(threadId: string, event: TSystemEvent, db: TDb = getPrisma()) {
  const { type, values } = ZSystemEvent.parse(event);
  const write = async (tx: TDb) => {
    const now = new Date();
    const post = await tx.post.create({
      data: { threadId, kind: "SYSTEM", event: { type, values }, createdAt: now },
      select: { id: true, threadId: true, event: true, createdAt: true },
    });
    await tx.thread.update({ where: { id: threadId }, data: { lastActivityAt: now } });
    return post;
  };
  // Inside a caller's transaction (a client without $transaction) both writes are already in it.
  return "$transaction" in db ? (db as TPrisma).$transaction(write) : write(db);
}
