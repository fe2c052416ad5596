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
