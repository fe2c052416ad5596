import { z } from "zod";
import { getPrisma, type TDb } from "../db";
import { parseInput } from "../validation";

const ZIds = z.union([z.literal("all"), z.array(z.string().min(1).max(64)).max(500)], "invalid");

/**
 * Marks the user's notifications read: the given ids (others' ids match nothing) or "all". Returns how many changed.
 * A read row never collapses another event, so the set of who acted in it (NotificationActor, lib/notifications/
 * notify.ts) goes with the same statement; its actorCount stays. The caller publishes a hint afterwards
 * (publishNotifications), so the user's other tabs update their badge.
 */
export async function markRead(
  userId: string,
  ids: string[] | "all",
  db: TDb = getPrisma(),
): Promise<{ count: number }> {
  const which = parseInput(ZIds, ids);
  if (which !== "all" && !which.length) return { count: 0 };
  const only = which === "all" ? null : which;
  const [marked] = await db.$queryRaw<{ count: number }[]>`
    WITH marked AS (
      UPDATE "Notification" SET "readAt" = ${new Date()}::timestamp(3)
      WHERE "recipientId" = ${userId} AND "readAt" IS NULL AND (${only}::text[] IS NULL OR "id" = ANY(${only}::text[]))
      RETURNING "id"
    ), emptied AS (
      DELETE FROM "NotificationActor" WHERE "notificationId" IN (SELECT "id" FROM marked)
    )
    SELECT count(*)::int AS "count" FROM marked`;
  return { count: marked?.count ?? 0 };
}
