import { getPrisma, type TDb, type TPrisma } from "../db";
import { loadEnv } from "../env";
import { AppError } from "../errors";
import {
  canModerate,
  canSetRole,
  effectiveRole,
  isAdmin,
  type TRole,
  type TRoleViewer,
} from "../permissions/moderation";
import { parseInput } from "../validation";
import { logAction } from "./log";
import { ZRoleInput } from "./schemas";

/*
 * Roles read fresh from the database on each request that needs them (lib/permissions/moderation.ts says why).
 * The ADMIN_HANDLES list applies on top (effectiveRole).
 */

const adminHandles = () => loadEnv().ADMIN_HANDLES;

/** What a write must know about the writer now: the role, and a suspension still in force. */
export type TStanding = { role: TRole; suspension: { reason: string; until: Date | null } | null };

/** The user's role and suspension as stored now, or null when the account is gone. */
export async function loadStanding(userId: string, db: TDb = getPrisma(), now = new Date()): Promise<TStanding | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { handle: true, role: true, suspendedAt: true, suspendedUntil: true, suspendedReason: true },
  });
  if (!user) return null;
  const inForce = user.suspendedAt !== null && (user.suspendedUntil === null || user.suspendedUntil > now);
  return {
    role: effectiveRole(user, adminHandles()),
    suspension: inForce ? { reason: user.suspendedReason ?? "", until: user.suspendedUntil } : null,
  };
}

/** The viewer with their role read now (null stays null; an account that is gone counts as USER). */
export async function withRole(viewer: { id: string } | null, db: TDb = getPrisma()): Promise<TRoleViewer> {
  if (!viewer) return null;
  const standing = await loadStanding(viewer.id, db);
  return { id: viewer.id, role: standing?.role ?? "USER" };
}

/** The viewer as a moderator, or NOT_FOUND: moderation pages and actions do not exist for others. */
export async function requireModerator(viewer: { id: string } | null, db: TDb = getPrisma()) {
  const v = await withRole(viewer, db);
  if (!v || !canModerate(v)) throw new AppError("NOT_FOUND");
  return v;
}

/** The viewer as an admin, or NOT_FOUND. */
async function requireAdmin(viewer: { id: string } | null, db: TDb = getPrisma()) {
  const v = await withRole(viewer, db);
  if (!v || !isAdmin(v)) throw new AppError("NOT_FOUND");
  return v;
}

/** Moderators and admins for /admin: stored roles and ADMIN_HANDLES accounts, admins first, then by handle. */
export async function listStaff(viewer: { id: string } | null, db: TPrisma = getPrisma()) {
  await requireAdmin(viewer, db);
  const handles = adminHandles();
  const users = await db.user.findMany({
    where: { OR: [{ role: { not: "USER" } }, { handle: { in: [...handles] } }] },
    select: { id: true, handle: true, name: true, role: true },
    orderBy: { handle: "asc" },
    take: 500,
  });
  const rank = { ADMIN: 0, MODERATOR: 1, USER: 2 } as const;
  return users
    .map((u) => ({ ...u, role: effectiveRole(u, handles), fromConfig: handles.includes(u.handle) }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.handle.localeCompare(b.handle));
}

/**
 * An admin sets a user's stored role (USER revokes). NOT_FOUND for anyone else, as for the page; FORBIDDEN for the
 * admin's own role or one given by ADMIN_HANDLES; field error for an unknown handle. Logged as SET_ROLE.
 */
export async function setRole({ actor, input }: { actor: { id: string }; input: unknown }, db: TPrisma = getPrisma()) {
  const admin = await requireAdmin(actor, db);
  const { handle, role } = parseInput(ZRoleInput, input);
  const target = await db.user.findUnique({ where: { handle }, select: { id: true, handle: true, role: true } });
  if (!target) throw new AppError("INVALID_INPUT", { handle: "moderation.handleUnknown" });
  const fromConfig = adminHandles().includes(target.handle);
  if (!canSetRole(admin, { id: target.id, fromConfig }))
    throw new AppError("FORBIDDEN", {}, { key: "moderation.errors.roleLocked" });
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: target.id },
      data: { role },
      select: { id: true, handle: true, role: true },
    });
    await logAction(
      {
        moderatorId: admin.id,
        action: "SET_ROLE",
        kind: "USER",
        targetId: target.id,
        details: { role, was: target.role },
      },
      tx,
    );
    return updated;
  });
}
