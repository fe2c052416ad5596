import type { TDb } from "../db";
import { measuredChange } from "../discussions/measured";
import { parseMentions } from "../discussions/text";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { HALF_STATE_SELECT } from "../permissions/hidden-half";
import { excerptOf, notify } from "./notify";
import type { TNotificationType, TNotifyEvent } from "./schemas";
import { watchersOf } from "./watch";

/*
 * Who hears of a post, an answer and an acceptance (called by lib/discussions in the transaction of the write).
 * Everyone must be able to open the thread now: a mention of someone who cannot see a private thing's thread, or an
 * asker whose run's dataset went private, notifies nobody. One notification per recipient per post, the most specific
 * reason first: an answer to your question, then a mention, then a reply to your post, to your thread, or to a thread
 * you watch. A MUTE on the thread silences all of them.
 */

const POST_SELECT = {
  id: true,
  authorId: true,
  kind: true,
  body: true,
  mentions: true,
  hiddenAt: true,
  parent: { select: { authorId: true } },
  thread: { select: { id: true, authorId: true, hiddenAt: true, ...THREAD_ACCESS_SELECT } },
} as const;

const loadPost = (postId: string, tx: TDb) => tx.post.findUniqueOrThrow({ where: { id: postId }, select: POST_SELECT });

type TPostState = Awaited<ReturnType<typeof loadPost>>;

/** Collects one event per recipient for a post by its author, the first reason added winning. */
function eventsOf(post: TPostState, authorId: string) {
  const { thread } = post;
  const events = new Map<string, TNotifyEvent>();
  const add = (userId: string | null | undefined, type: TNotificationType) => {
    if (!userId || userId === authorId || events.has(userId) || !canViewThread({ id: userId }, thread)) return;
    events.set(userId, {
      recipientId: userId,
      type,
      actorId: authorId,
      groupKey: `${type}:${thread.id}`,
      threadId: thread.id,
      postId: post.id,
      excerpt: excerptOf(post.body),
      mutedBy: [{ kind: "thread", id: thread.id }],
    });
  };
  const mention = async (handles: string[], tx: TDb) => {
    if (!handles.length) return;
    const mentioned = await tx.user.findMany({ where: { handle: { in: handles } }, select: { id: true } });
    for (const { id } of mentioned) add(id, "mention");
  };
  return { events, add, mention };
}

/** Notifies of a new post (opening post: its mentions only); returns the recipients, to publish after the commit. */
export async function notifyPost(postId: string, tx: TDb): Promise<string[]> {
  const post = await loadPost(postId, tx);
  const { thread, authorId } = post;
  if (!authorId || post.kind === "SYSTEM") return [];
  const { events, add, mention } = eventsOf(post, authorId);
  if (post.kind === "ANSWER") add(thread.authorId, "answer");
  await mention(post.mentions, tx);
  if (post.kind === "REPLY" || post.kind === "ANSWER") {
    const type = post.kind === "ANSWER" ? "answer" : "reply";
    add(post.parent?.authorId, "reply");
    add(thread.authorId, type); // the author watches their thread by default
    for (const watcher of await watchersOf({ kind: "thread", id: thread.id }, tx)) add(watcher, type);
  }
  return notify([...events.values()], tx);
}

/**
 * "mention" to the users an edit newly mentions: handles in the post now (its `mentions`, as the edit stored them) that
 * no earlier revision mentioned, so that a mention is announced once however often the post is edited (taking a handle
 * out and putting it back announces nothing). Called by editPost in the edit's transaction, after the new revision
 * `revision` is written. The mention is the author's words: an edit by anyone else (should moderators ever edit posts)
 * announces nothing, as does one of a post or thread a moderator hid (its readers could not open it).
 */
export async function notifyEditedMentions(
  { postId, editorId, revision }: { postId: string; editorId: string; revision: number },
  tx: TDb,
): Promise<string[]> {
  const post = await loadPost(postId, tx);
  const { authorId } = post;
  if (!authorId || authorId !== editorId || post.kind === "SYSTEM" || post.hiddenAt || post.thread.hiddenAt) return [];
  if (!post.mentions.length) return [];
  // Only the revisions that could mention a candidate are read (a handle is lower-case; the text may not be).
  const earlier = await tx.postRevision.findMany({
    where: {
      postId,
      number: { lt: revision },
      OR: post.mentions.map((h) => ({ body: { contains: `@${h}`, mode: "insensitive" as const } })),
    },
    select: { body: true },
  });
  const before = new Set(earlier.flatMap((r) => parseMentions(r.body)));
  const added = post.mentions.filter((h) => !before.has(h));
  if (!added.length) return [];
  const { events, mention } = eventsOf(post, authorId);
  await mention(added, tx);
  return notify([...events.values()], tx);
}

const OWNED = { ownerId: true, visibility: true } as const;

/**
 * Tells an answer's author that the asker accepted it: "verifiedFix" when its run measurably beats the asker's on
 * the question's primary metric (lib/discussions/measured.ts, public half only), else "accepted". Called in the
 * transaction that stores the acceptance, only when the accepted answer changed; returns the recipients to publish.
 */
export async function notifyAcceptance(
  { actorId, threadId, postId }: { actorId: string; threadId: string; postId: string },
  tx: TDb,
): Promise<string[]> {
  const post = await tx.post.findUniqueOrThrow({
    where: { id: postId },
    select: {
      authorId: true,
      body: true,
      run: { select: { id: true, status: true, datasetVersionId: true, metrics: true } },
    },
  });
  const thread = await tx.thread.findUniqueOrThrow({
    where: { id: threadId },
    select: {
      ...THREAD_ACCESS_SELECT,
      run: {
        select: {
          id: true,
          userId: true,
          status: true,
          datasetVersionId: true,
          metrics: true,
          config: { select: OWNED },
          datasetVersion: {
            select: { ...HALF_STATE_SELECT, dataset: { select: { ...OWNED, taskType: true, primaryMetric: true } } },
          },
        },
      },
    },
  });
  const recipientId = post.authorId;
  if (!recipientId || !canViewThread({ id: recipientId }, thread)) return [];
  const change = thread.run && post.run ? measuredChange(thread.run, post.run, { id: recipientId }) : null;
  return notify(
    [
      {
        recipientId,
        type: change?.improved ? "verifiedFix" : "accepted",
        actorId,
        groupKey: `accepted:${postId}`,
        threadId,
        postId,
        excerpt: excerptOf(post.body),
        values: change?.improved ? { metric: change.metric, before: change.before, after: change.after } : null,
        mutedBy: [{ kind: "thread", id: threadId }],
      },
    ],
    tx,
  );
}
