import type { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";

/** The client or a transaction of it. */
type TDb = Pick<TPrisma, "activity">;

export type TActivityKind = "user.joined" | "dataset.published" | "dataset.versioned";

export async function recordActivity(
  entry: { actorId: string; kind: TActivityKind; subject: Prisma.InputJsonObject },
  db: TDb = getPrisma(),
) {
  return db.activity.create({ data: entry });
}
