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

export async function getUserById(id: string, db: TPrisma = getPrisma()) {
  return db.user.findUnique({ where: { id }, select: { ...publicUserSelect, email: true } });
}
