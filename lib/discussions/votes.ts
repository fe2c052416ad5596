import type { TSessionUser } from "../auth/session";
import { getPrisma, type TDb, type TPrisma } from "../db";
import { AppError } from "../errors";
import { voteReputation } from "../reputation/hooks";
import { visiblePost } from "./access";

/*
 * Up-votes: one per user per post, by the primary key of PostVote. A vote is one SQL statement — the insert that does
 * nothing on a conflict and the counter updates that follow only the row it inserted — so a double click or twenty
 * people at once count exactly. The opening post's count is also the thread's (the index sorts by it). The author's
 * reputation changes in the same transaction, only when the statement changed the vote (lib/reputation): the
 * statement's row lock on the post and the ledger's lock on the author queue concurrent voters one after the other.
 */

/** Runs the vote's statement and, when it changed something, its reputation event in one transaction. */
async function withReputation(
  db: TPrisma | TDb,
  statement: (tx: TDb) => Promise<TVoteRow[]>,
  event: { voterId: string; post: { id: string; authorId: string | null }; voted: boolean },
): Promise<TVoteRow> {
  const write = async (tx: TDb) => {
    const [row] = await statement(tx);
    if (row!.changed === 1) await voteReputation(event, tx);
    return row!;
  };
  // Inside a caller's transaction (a client without $transaction) both writes are already in it.
  return "$transaction" in db ? (db as TPrisma).$transaction(write) : write(db);
}

async function votablePost(actor: TSessionUser, postId: string, db: TPrisma) {
  const post = await visiblePost(postId, actor, db);
  if (post.kind === "SYSTEM") throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.systemPost" });
  if (post.deletedAt) throw new AppError("CONFLICT", {}, { key: "discussionErrors.postDeleted" });
  if (post.authorId === actor.id) throw new AppError("FORBIDDEN", {}, { key: "discussionErrors.ownPost" });
  return post;
}

type TVoteRow = { changed: number; voteCount: number | null };

/** Up-votes a post; idempotent. Returns the post's count and whether this call changed it. */
export async function vote({ actor, postId }: { actor: TSessionUser; postId: string }, db: TPrisma = getPrisma()) {
  const post = await votablePost(actor, postId, db);
  const event = { voterId: actor.id, post, voted: true };
  const row = await withReputation(
    db,
    (tx) => tx.$queryRaw<TVoteRow[]>`
    WITH ins AS (
      INSERT INTO "PostVote" ("postId", "userId") VALUES (${post.id}, ${actor.id})
      ON CONFLICT DO NOTHING RETURNING "postId"
    ), post AS (
      UPDATE "Post" p SET "voteCount" = p."voteCount" + 1 FROM ins WHERE p."id" = ins."postId"
      RETURNING p."id", p."threadId", p."kind", p."voteCount"
    ), thread AS (
      UPDATE "Thread" t SET "voteCount" = post."voteCount" FROM post
      WHERE t."id" = post."threadId" AND post."kind" = 'OPENING' RETURNING t."id"
    )
    SELECT (SELECT count(*) FROM post)::int AS changed, (SELECT "voteCount" FROM post) AS "voteCount"`,
    event,
  );
  return { postId: post.id, voted: true, changed: row.changed === 1, voteCount: await countOf(row, post.id, db) };
}

/** Takes an up-vote back; idempotent. */
export async function unvote({ actor, postId }: { actor: TSessionUser; postId: string }, db: TPrisma = getPrisma()) {
  // Taking a vote back is allowed on a deleted post too (nothing to hide), but not on what the actor cannot see.
  const post = await visiblePost(postId, actor, db);
  const event = { voterId: actor.id, post, voted: false };
  const row = await withReputation(
    db,
    (tx) => tx.$queryRaw<TVoteRow[]>`
    WITH del AS (
      DELETE FROM "PostVote" WHERE "postId" = ${post.id} AND "userId" = ${actor.id} RETURNING "postId"
    ), post AS (
      UPDATE "Post" p SET "voteCount" = p."voteCount" - 1 FROM del WHERE p."id" = del."postId"
      RETURNING p."id", p."threadId", p."kind", p."voteCount"
    ), thread AS (
      UPDATE "Thread" t SET "voteCount" = post."voteCount" FROM post
      WHERE t."id" = post."threadId" AND post."kind" = 'OPENING' RETURNING t."id"
    )
    SELECT (SELECT count(*) FROM post)::int AS changed, (SELECT "voteCount" FROM post) AS "voteCount"`,
    event,
  );
  return { postId: post.id, voted: false, changed: row.changed === 1, voteCount: await countOf(row, post.id, db) };
}

async function countOf(row: TVoteRow, postId: string, db: TPrisma): Promise<number> {
  if (row.voteCount !== null) return row.voteCount;
  const { voteCount } = await db.post.findUniqueOrThrow({ where: { id: postId }, select: { voteCount: true } });
  return voteCount;
}
