import { getPrisma, type TPrisma } from "../db";
import { decodeCursor, encodeCursor } from "../pagination";
import { datasetWhere } from "../permissions/datasets";

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
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // Entries are written only for listed things, but a dataset may have become unlisted or private since:
  // the feed is public, so it shows an entry only while its dataset is still listed to everyone.
  const datasetIds = [...new Set(page.map((a) => datasetIdOf(a.subject)).filter((id): id is string => id !== null))];
  const listed = new Set(
    datasetIds.length
      ? (
          await db.dataset.findMany({
            where: { AND: [{ id: { in: datasetIds } }, datasetWhere(null, "listed")] },
            select: { id: true },
          })
        ).map((d) => d.id)
      : [],
  );
  const items = page.filter((a) => {
    const id = datasetIdOf(a.subject);
    return id === null || listed.has(id);
  });
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function datasetIdOf(subject: unknown): string | null {
  const id = subject && typeof subject === "object" ? (subject as { datasetId?: unknown }).datasetId : undefined;
  return typeof id === "string" ? id : null;
}
