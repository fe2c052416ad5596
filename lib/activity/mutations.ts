import type { Prisma } from "../generated/prisma/client";
import { getPrisma, type TDb } from "../db";

/*
 * Activity entries: what the home feed, a profile's Activity tab and followers' feeds show. Written in the transaction
 * of the event, and only for things listed to everyone at that moment (a private dataset's new version writes none);
 * the readers check again, since a thing may have become private or hidden since (lib/activity/queries.ts).
 */

export const ACTIVITY_KINDS = [
  "user.joined",
  "dataset.published",
  "dataset.versioned",
  /** A run that took #1 on its dataset version's primary board (public score). */
  "run.topped",
  /** An answer accepted by the asker; the actor is the answer's author. */
  "answer.accepted",
  "competition.opened",
] as const;
export type TActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Kinds that are not notable (the site's feed leaves them out; a profile shows them). */
const QUIET: ReadonlySet<TActivityKind> = new Set(["user.joined"]);

export async function recordActivity(
  entry: { actorId: string; kind: TActivityKind; datasetId?: string | null; subject: Prisma.InputJsonObject },
  db: TDb = getPrisma(),
) {
  return db.activity.create({
    data: { ...entry, datasetId: entry.datasetId ?? null, notable: !QUIET.has(entry.kind) },
  });
}
