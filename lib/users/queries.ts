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

/** A user's handle, for a session made by Auth.js from an adapter user that lacks it. */
export async function getUserHandle(id: string, db: TPrisma = getPrisma()): Promise<string | undefined> {
  return (await db.user.findUnique({ where: { id }, select: { handle: true } }))?.handle;
}

export async function getUserById(id: string, db: TPrisma = getPrisma()) {
  return db.user.findUnique({ where: { id }, select: { ...publicUserSelect, email: true } });
}
