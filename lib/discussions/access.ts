import { getPrisma, type TDb } from "../db";
import { AppError } from "../errors";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
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

/** A thread the viewer may open, or NOT_FOUND (also for one that exists but is hidden from them). */
export async function visibleThread(threadId: string, viewer: TViewer, db: TDb = getPrisma()) {
  const thread = isLookupKey(threadId)
    ? await db.thread.findUnique({ where: { id: threadId }, select: THREAD_STATE_SELECT })
    : null;
  if (!thread || !canViewThread(viewer, thread)) throw new AppError("NOT_FOUND");
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
  if (!post || !canViewThread(viewer, post.thread)) throw new AppError("NOT_FOUND");
  return post;
}
