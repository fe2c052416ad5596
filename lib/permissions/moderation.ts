/*
 * Roles. USER (everyone), MODERATOR (the queue, hiding, locking, pinning, duplicates, suspensions, the audit log; also
 * accepts answers and locks threads anywhere) and ADMIN (all of that, plus granting and revoking MODERATOR and ADMIN
 * at /admin). A user whose handle is in ADMIN_HANDLES is an admin whatever the stored role says: that is how a
 * self-hosted site gets its first admin.
 *
 * The role is read fresh from the database where it matters (lib/moderation/roles.ts `withRole`, and requireWriter),
 * never carried in the session token: a token lives for 30 days, and a revoked moderator must lose the queue on their
 * next request, not at their next sign-in. A viewer whose role was not loaded is an ordinary user, so forgetting to
 * load it fails closed.
 */

export type TRole = "USER" | "MODERATOR" | "ADMIN";

/** A viewer with the role read for this request (absent: not loaded, which counts as USER). */
export type TRoleViewer = { id: string; role?: TRole | null } | null;

/** The role that applies: ADMIN for a handle listed in ADMIN_HANDLES, else the stored one. */
export function effectiveRole(user: { handle: string; role: TRole }, adminHandles: readonly string[]): TRole {
  return adminHandles.includes(user.handle.toLowerCase()) ? "ADMIN" : user.role;
}

/** Moderators and admins: the queue, the audit log and every moderator action. */
export function canModerate(viewer: TRoleViewer): boolean {
  return viewer?.role === "MODERATOR" || viewer?.role === "ADMIN";
}

/** Admins: /admin, granting and revoking roles. */
export function isAdmin(viewer: TRoleViewer): boolean {
  return viewer?.role === "ADMIN";
}

/**
 * Whether an admin may set `target`'s stored role: not their own (an admin cannot lock themselves out by accident,
 * nor promote themselves), and not one whose role comes from ADMIN_HANDLES (that changes only in the configuration).
 */
export function canSetRole(viewer: TRoleViewer, target: { id: string; fromConfig: boolean }): boolean {
  return isAdmin(viewer) && viewer !== null && viewer.id !== target.id && !target.fromConfig;
}

/** A moderator may suspend anyone but themselves and other moderators or admins (an admin may suspend a moderator). */
export function canSuspend(viewer: TRoleViewer, target: { id: string; role: TRole }): boolean {
  if (!canModerate(viewer) || viewer === null || viewer.id === target.id) return false;
  return target.role === "USER" || (isAdmin(viewer) && target.role === "MODERATOR");
}

/** Hidden posts and threads: their author sees the reason, moderators the reason and the content, others neither. */
export function canSeeHidden(viewer: TRoleViewer, thing: { authorId: string | null }): "content" | "reason" | "none" {
  if (canModerate(viewer)) return "content";
  return viewer !== null && thing.authorId !== null && thing.authorId === viewer.id ? "reason" : "none";
}
