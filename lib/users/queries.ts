import { getPrisma, type TPrisma } from "../db";
import { isLookupKey } from "../validation";

export const publicUserSelect = {
  id: true,
  handle: true,
  name: true,
  image: true,
  bio: true,
  createdAt: true,
} as const;

export async function getUserByHandle(handle: string, db: TPrisma = getPrisma()) {
  if (!isLookupKey(handle)) return null;
  return db.user.findUnique({ where: { handle: handle.toLowerCase() }, select: publicUserSelect });
}

/** What a session token carries beyond the id, read once at sign-in (an adapter user may lack the handle). */
export async function getSessionFields(
  id: string,
  db: TPrisma = getPrisma(),
): Promise<{ handle: string; locale: string | null } | null> {
  return db.user.findUnique({ where: { id }, select: { handle: true, locale: true } });
}

export async function getUserById(id: string, db: TPrisma = getPrisma()) {
  return db.user.findUnique({ where: { id }, select: { ...publicUserSelect, email: true } });
}

/**
 * Handles starting with `prefix` (lower-case, the handle alphabet only), shortest first: the @mention completion.
 * Handles are public (every profile is), so no visibility applies; only the handle and display name are returned.
 */
export async function suggestHandles(prefix: string, limit = 8, db: TPrisma = getPrisma()) {
  const p = prefix.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,29}$/.test(p)) return [];
  const users = await db.user.findMany({
    where: { handle: { startsWith: p } },
    select: { handle: true, name: true },
    orderBy: [{ handle: "asc" }],
    take: 50,
  });
  return users.sort((a, b) => a.handle.length - b.handle.length || a.handle.localeCompare(b.handle)).slice(0, limit);
}
