import type { Prisma } from "../generated/prisma/client";
import { getPrisma, type TDb } from "../db";

export type TActivityKind = "user.joined" | "dataset.published" | "dataset.versioned";

export async function recordActivity(
  entry: { actorId: string; kind: TActivityKind; subject: Prisma.InputJsonObject },
  db: TDb = getPrisma(),
) {
  return db.activity.create({ data: entry });
}
