import { z } from "zod";
import { getPrisma, type TDb } from "../db";
import { parseInput } from "../validation";

const ZIds = z.union([z.literal("all"), z.array(z.string().min(1).max(64)).max(500)], "invalid");

/**
 * Marks the user's notifications read: the given ids (others' ids match nothing) or "all". Returns how many changed.
 * The caller publishes a hint afterwards (publishNotifications), so the user's other tabs update their badge.
 */
export async function markRead(
  userId: string,
  ids: string[] | "all",
  db: TDb = getPrisma(),
): Promise<{ count: number }> {
  const which = parseInput(ZIds, ids);
  if (which !== "all" && !which.length) return { count: 0 };
  const { count } = await db.notification.updateMany({
    where: { recipientId: userId, readAt: null, ...(which === "all" ? {} : { id: { in: which } }) },
    data: { readAt: new Date() },
  });
  return { count };
}
