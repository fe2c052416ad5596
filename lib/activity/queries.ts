import { getPrisma, type TPrisma } from "../db";
import { decodeCursor, encodeCursor } from "../pagination";

export const ACTIVITY_PAGE_SIZE = 20;

/**
 * Newest first, keyset-paginated on (createdAt, id) so pages stay stable while
 * new entries arrive and deep pages cost the same as the first.
 */
export async function listActivity(
  { actorId, cursor, limit = ACTIVITY_PAGE_SIZE }: { actorId?: string; cursor?: string | null; limit?: number },
  db: TPrisma = getPrisma(),
) {
  const after = decodeCursor(cursor);
  const rows = await db.activity.findMany({
    where: {
      ...(actorId ? { actorId } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { actor: { select: { handle: true, name: true } } },
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
