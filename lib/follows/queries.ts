import { getPrisma, type TPrisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { datasetWhere } from "../permissions/datasets";
import type { TViewer } from "../permissions/visibility";
import type { TFollowKind } from "./schemas";

/*
 * Who follows whom, as one viewer may see it. Followers are people (always public on a profile, as on GitHub and
 * Hugging Face); what a user follows lists users and only the datasets listed to the viewer, so following a private
 * dataset of one's own never shows it to anyone else.
 */

const columnOf = (kind: TFollowKind) => (kind === "user" ? "userId" : "datasetId");

/** The follow button's state: whether the viewer follows the thing, and how many do. */
export async function followState(
  viewer: TViewer,
  target: { kind: TFollowKind; id: string },
  db: TPrisma = getPrisma(),
): Promise<{ following: boolean; followers: number }> {
  const column = columnOf(target.kind);
  const [followers, mine] = await Promise.all([
    db.follow.count({ where: { [column]: target.id } }),
    viewer ? db.follow.count({ where: { followerId: viewer.id, [column]: target.id } }) : 0,
  ]);
  return { following: mine > 0, followers };
}

/** The where-clauses of a profile's two lists: shared by each list and its count. */
export function followListWhere(userId: string, viewer: TViewer) {
  return {
    followers: { userId } satisfies Prisma.FollowWhereInput,
    following: {
      followerId: userId,
      OR: [{ userId: { not: null } }, { dataset: datasetWhere(viewer, "listed") }],
    } satisfies Prisma.FollowWhereInput,
  };
}

const PERSON = { id: true, handle: true, name: true, reputation: true } as const;

/** A page of the user's followers, newest first. */
export async function listFollowers(
  userId: string,
  viewer: TViewer,
  window: { skip: number; take: number },
  db: TPrisma = getPrisma(),
) {
  const where = followListWhere(userId, viewer).followers;
  const [rows, total] = await Promise.all([
    db.follow.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...window,
      select: { id: true, createdAt: true, follower: { select: PERSON } },
    }),
    db.follow.count({ where }),
  ]);
  return { items: rows.map((r) => ({ id: r.id, since: r.createdAt, user: r.follower })), total };
}

/** A page of what the user follows (people and the datasets the viewer may see listed), newest first. */
export async function listFollowing(
  userId: string,
  viewer: TViewer,
  window: { skip: number; take: number },
  db: TPrisma = getPrisma(),
) {
  const where = followListWhere(userId, viewer).following;
  const [rows, total] = await Promise.all([
    db.follow.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...window,
      select: {
        id: true,
        createdAt: true,
        user: { select: PERSON },
        dataset: { select: { id: true, slug: true, title: true, owner: { select: { handle: true } } } },
      },
    }),
    db.follow.count({ where }),
  ]);
  return { items: rows.map((r) => ({ id: r.id, since: r.createdAt, user: r.user, dataset: r.dataset })), total };
}
