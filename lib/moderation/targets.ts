import { getPrisma, type TDb } from "../db";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { canSeeHidden, type TRoleViewer } from "../permissions/moderation";
import { isLookupKey } from "../validation";
import type { TReportTargetKind } from "./schemas";

/** How much of a post's text the queue shows. */
const EXCERPT_CHARS = 400;

/** What a report is about, as the viewer may see it: enough for the queue's card and the moderator's actions. */
export type TTarget = {
  kind: TReportTargetKind;
  id: string;
  /** Thread title, dataset or config title, the user's handle; a post's thread title. */
  title: string;
  /** A post's text (or a thread's opening post), cut; null for the rest and where the viewer may not read it. */
  excerpt: string | null;
  /** Who wrote or owns it (a user: the user), and whether a suspension is in force on them now. */
  author: { id: string; handle: string; suspended: boolean } | null;
  href: string;
  hidden: { reason: string | null } | null;
  /** Threads: for lock and pin; posts: their thread's id. */
  thread: { id: string; locked: boolean; pinned: boolean; duplicateOfId: string | null } | null;
};

const cut = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS)}…` : s);
const PERSON = { select: { id: true, handle: true, suspendedAt: true, suspendedUntil: true } } as const;
const NAMED = { id: true, slug: true, title: true, ownerId: true, visibility: true, owner: PERSON } as const;

type TPerson = { id: string; handle: string; suspendedAt: Date | null; suspendedUntil: Date | null };
const person = (u: TPerson, now = new Date()) => ({
  id: u.id,
  handle: u.handle,
  suspended: u.suspendedAt !== null && (u.suspendedUntil === null || u.suspendedUntil > now),
});
const THREAD_FIELDS = {
  id: true,
  title: true,
  authorId: true,
  locked: true,
  pinned: true,
  deletedAt: true,
  hiddenAt: true,
  hiddenReason: true,
  duplicateOfId: true,
  author: PERSON,
  ...THREAD_ACCESS_SELECT,
} as const;

/**
 * The target of a report or a moderator action, or null when it does not exist or the viewer may not see it: through
 * the same rules as everywhere (lib/permissions) — a private dataset is its owner's, a thread as visible as its thing,
 * a deleted post is gone, a hidden post or thread is seen only by its author and moderators.
 */
export async function loadTarget(
  kind: TReportTargetKind,
  id: string,
  viewer: TRoleViewer,
  db: TDb = getPrisma(),
): Promise<TTarget | null> {
  if (!isLookupKey(id)) return null;
  if (kind === "POST") {
    const post = await db.post.findUnique({
      where: { id },
      select: {
        id: true,
        body: true,
        authorId: true,
        deletedAt: true,
        hiddenAt: true,
        hiddenReason: true,
        author: PERSON,
        thread: { select: THREAD_FIELDS },
      },
    });
    if (!post?.author || post.deletedAt || !threadSeen(viewer, post.thread)) return null;
    const seen = post.hiddenAt ? canSeeHidden(viewer, post) : "content";
    if (seen === "none") return null;
    return {
      kind,
      id: post.id,
      title: post.thread.deletedAt ? "" : post.thread.title,
      excerpt: seen === "content" ? cut(post.body) : null,
      author: person(post.author),
      href: `/discussions/${post.thread.id}#post-${post.id}`,
      hidden: post.hiddenAt ? { reason: post.hiddenReason } : null,
      thread: threadState(post.thread),
    };
  }
  if (kind === "THREAD") {
    const thread = await db.thread.findUnique({
      where: { id },
      select: {
        ...THREAD_FIELDS,
        posts: { where: { kind: "OPENING" }, select: { body: true }, take: 1 },
      },
    });
    if (!thread || thread.deletedAt || !threadSeen(viewer, thread)) return null;
    return {
      kind,
      id: thread.id,
      title: thread.title,
      excerpt: thread.posts[0] ? cut(thread.posts[0].body) : null,
      author: person(thread.author),
      href: `/discussions/${thread.id}`,
      hidden: thread.hiddenAt ? { reason: thread.hiddenReason } : null,
      thread: threadState(thread),
    };
  }
  if (kind === "DATASET" || kind === "CONFIG") {
    const thing =
      kind === "DATASET"
        ? await db.dataset.findUnique({ where: { id }, select: NAMED })
        : await db.config.findUnique({ where: { id }, select: NAMED });
    if (!thing || !(kind === "DATASET" ? canViewDataset(viewer, thing) : canViewConfig(viewer, thing))) return null;
    return {
      kind,
      id: thing.id,
      title: thing.title,
      excerpt: null,
      author: person(thing.owner),
      href: `/${kind === "DATASET" ? "datasets" : "configs"}/${thing.owner.handle}/${thing.slug}`,
      hidden: null,
      thread: null,
    };
  }
  const user = await db.user.findUnique({ where: { id }, ...PERSON });
  if (!user) return null;
  return {
    kind,
    id: user.id,
    title: user.handle,
    excerpt: null,
    author: person(user),
    href: `/u/${user.handle}`,
    hidden: null,
    thread: null,
  };
}

type TThreadFields = { authorId: string; hiddenAt: Date | null } & Parameters<typeof canViewThread>[1];

/** A thread the viewer may open, hidden ones only for their author and moderators. */
function threadSeen(viewer: TRoleViewer, thread: TThreadFields): boolean {
  return canViewThread(viewer, thread) && (!thread.hiddenAt || canSeeHidden(viewer, thread) !== "none");
}

const threadState = (t: { id: string; locked: boolean; pinned: boolean; duplicateOfId: string | null }) => ({
  id: t.id,
  locked: t.locked,
  pinned: t.pinned,
  duplicateOfId: t.duplicateOfId,
});
