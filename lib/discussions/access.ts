import { getPrisma, type TDb } from "../db";
import { AppError } from "../errors";
import { withRole } from "../moderation/roles";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { canSeeHidden } from "../permissions/moderation";
import type { TViewer } from "../permissions/visibility";
import { isLookupKey } from "../validation";

/** The thread fields every mutation decides by, with what its visibility depends on. */
export const THREAD_STATE_SELECT = {
  id: true,
  kind: true,
  authorId: true,
  locked: true,
  deletedAt: true,
  acceptedPostId: true,
  runId: true,
  hiddenAt: true,
  ...THREAD_ACCESS_SELECT,
  run: {
    select: {
      ...THREAD_ACCESS_SELECT.run.select,
      id: true,
      status: true,
      datasetVersionId: true,
    },
  },
} as const;

/**
 * Whether the viewer may open the thread: its thing's visibility, and for a thread a moderator hid, only its author
 * and moderators (as getThread shows it). The role is read fresh (lib/moderation/roles.ts withRole).
 */
async function opens(viewer: TViewer, thread: TThreadState, db: TDb): Promise<boolean> {
  if (!canViewThread(viewer, thread)) return false;
  return !thread.hiddenAt || canSeeHidden(await withRole(viewer, db), thread) !== "none";
}
type TThreadState = Parameters<typeof canViewThread>[1] & { hiddenAt: Date | null; authorId: string };

/** A thread the viewer may open, or NOT_FOUND (also for one that exists but is hidden from them). */
export async function visibleThread(threadId: string, viewer: TViewer, db: TDb = getPrisma()) {
  const thread = isLookupKey(threadId)
    ? await db.thread.findUnique({ where: { id: threadId }, select: THREAD_STATE_SELECT })
    : null;
  if (!thread || !(await opens(viewer, thread, db))) throw new AppError("NOT_FOUND");
  return thread;
}

/** A post whose thread the viewer may open, with that thread, or NOT_FOUND. */
export async function visiblePost(postId: string, viewer: TViewer, db: TDb = getPrisma()) {
  const post = isLookupKey(postId)
    ? await db.post.findUnique({
        where: { id: postId },
        select: {
          id: true,
          threadId: true,
          authorId: true,
          parentId: true,
          kind: true,
          body: true,
          deletedAt: true,
          thread: { select: THREAD_STATE_SELECT },
        },
      })
    : null;
  if (!post || !(await opens(viewer, post.thread, db))) throw new AppError("NOT_FOUND");
  return post;
}
