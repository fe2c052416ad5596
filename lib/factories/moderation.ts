import { getPrisma, type TPrisma } from "../db";
import type { TRole } from "../permissions/moderation";
import { createPoster } from "./discussions";

/**
 * A user holding a role. The role is set directly: the domain grants roles only through an admin (setRole), and the
 * first admin of a site comes from ADMIN_HANDLES, which is read once per process.
 */
export async function createStaff(role: Exclude<TRole, "USER">, db: TPrisma = getPrisma()) {
  const user = await createPoster({}, db);
  await db.user.update({ where: { id: user.id }, data: { role } });
  return user;
}
