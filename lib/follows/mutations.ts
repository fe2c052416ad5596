import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canViewDataset } from "../permissions/datasets";
import { parseInput } from "../validation";
import { MAX_FOLLOWS, ZFollowTarget } from "./schemas";

/** The column a follow of this kind fills. */
const columnOf = (kind: "user" | "dataset") => (kind === "user" ? "userId" : "datasetId");

/**
 * Follows or unfollows a user or a dataset; idempotent (following twice is one follow). A dataset must be one the actor
 * may open (NOT_FOUND otherwise, as everywhere); one does not follow oneself. Returns the thing's follower count.
 */
export async function setFollow(
  { actor, target, following }: { actor: TSessionUser; target: unknown; following: boolean },
  db: TPrisma = getPrisma(),
): Promise<{ following: boolean; followers: number }> {
  const { kind, id } = parseInput(ZFollowTarget, target);
  if (kind === "user") {
    const user = await db.user.findUnique({ where: { id }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND");
    if (user.id === actor.id)
      throw new AppError("INVALID_INPUT", { form: "follow.self" }, { key: "followErrors.self" });
  } else {
    const dataset = await db.dataset.findUnique({ where: { id }, select: { ownerId: true, visibility: true } });
    if (!dataset || !canViewDataset(actor, dataset)) throw new AppError("NOT_FOUND");
  }
  const column = columnOf(kind);
  return db.$transaction(async (tx) => {
    // Serialises one actor's follows, so two concurrent requests cannot both pass the limit check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`follows:${actor.id}`}))`;
    if (following) {
      const existing = await tx.follow.findFirst({
        where: { followerId: actor.id, [column]: id },
        select: { id: true },
      });
      if (!existing) {
        const count = await tx.follow.count({ where: { followerId: actor.id } });
        if (count >= MAX_FOLLOWS)
          throw new AppError(
            "CONFLICT",
            { form: "follow.tooMany" },
            { key: "followErrors.tooMany", values: { limit: MAX_FOLLOWS } },
          );
        await tx.follow.create({ data: { followerId: actor.id, [column]: id } });
      }
    } else {
      await tx.follow.deleteMany({ where: { followerId: actor.id, [column]: id } });
    }
    const followers = await tx.follow.count({ where: { [column]: id } });
    return { following, followers };
  });
}
