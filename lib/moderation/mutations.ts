import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canLockThread } from "../permissions/discussions";
import { canSuspend, type TRoleViewer } from "../permissions/moderation";
import { isLookupKey, parseInput } from "../validation";
import { logAction } from "./log";
import { closeOpenReports } from "./reports";
import { loadStanding, requireModerator } from "./roles";
import { ZDuplicateInput, ZHideInput, ZSuspendInput, type TReportTargetKind } from "./schemas";
import { loadTarget } from "./targets";

/*
 * Moderator actions. Each reads the actor's role fresh (NOT_FOUND for anyone who is not a moderator, as the pages),
 * finds the target through the usual visibility rules (a moderator sees no more private things than anyone else),
 * writes, and logs itself in the same transaction (ModerationAction). Hiding, locking, marking a duplicate and
 * suspending also resolve the target's open reports: the action is the answer to them.
 */

type TActor = { actor: { id: string } };

async function target(kind: TReportTargetKind, id: string, moderator: TRoleViewer, db: TPrisma) {
  const found = await loadTarget(kind, id, moderator, db);
  if (!found) throw new AppError("NOT_FOUND");
  return found;
}

/** Hides a post or thread with a reason its author sees (or shows it again when `hidden` is false). */
export async function setHidden(
  { actor, input, hidden = true }: TActor & { input: unknown; hidden?: boolean },
  db: TPrisma = getPrisma(),
) {
  const moderator = await requireModerator(actor, db);
  const { kind, id, reason } = hidden
    ? parseInput(ZHideInput, input)
    : { ...parseInput(ZHideInput.pick({ kind: true, id: true }), input), reason: null };
  const found = await target(kind, id, moderator, db);
  if (Boolean(found.hidden) === hidden) throw new AppError("CONFLICT", {}, { key: "moderation.errors.unchanged" });
  return db.$transaction(async (tx) => {
    const data = hidden ? { hiddenAt: new Date(), hiddenReason: reason } : { hiddenAt: null, hiddenReason: null };
    if (kind === "POST")
      await tx.post.update({ where: { id: found.id }, data: { ...data, hiddenById: hidden ? moderator.id : null } });
    else await tx.thread.update({ where: { id: found.id }, data });
    await logAction(
      { moderatorId: moderator.id, action: hidden ? "HIDE" : "UNHIDE", kind, targetId: found.id, reason },
      tx,
    );
    if (hidden) await closeOpenReports({ moderatorId: moderator.id, kind, targetId: found.id, status: "RESOLVED" }, tx);
    return { id: found.id, hidden };
  });
}

/** Locks or unlocks any thread (lib/permissions/discussions.ts canLockThread: its author, or a moderator). */
export async function moderateLock(
  { actor, threadId, locked }: TActor & { threadId: string; locked: boolean },
  db: TPrisma = getPrisma(),
) {
  const moderator = await requireModerator(actor, db);
  const found = await target("THREAD", threadId, moderator, db);
  if (!canLockThread(moderator, { authorId: found.author?.id ?? "" })) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    await tx.thread.update({ where: { id: found.id }, data: { locked } });
    await logAction(
      { moderatorId: moderator.id, action: locked ? "LOCK" : "UNLOCK", kind: "THREAD", targetId: found.id },
      tx,
    );
    if (locked)
      await closeOpenReports({ moderatorId: moderator.id, kind: "THREAD", targetId: found.id, status: "RESOLVED" }, tx);
    return { id: found.id, locked };
  });
}

/** Pins a thread to the top of the index (or unpins it). */
export async function moderatePin(
  { actor, threadId, pinned }: TActor & { threadId: string; pinned: boolean },
  db: TPrisma = getPrisma(),
) {
  const moderator = await requireModerator(actor, db);
  const found = await target("THREAD", threadId, moderator, db);
  return db.$transaction(async (tx) => {
    await tx.thread.update({ where: { id: found.id }, data: { pinned } });
    await logAction(
      { moderatorId: moderator.id, action: pinned ? "PIN" : "UNPIN", kind: "THREAD", targetId: found.id },
      tx,
    );
    return { id: found.id, pinned };
  });
}

/**
 * Marks a thread as a duplicate of another (its id or /discussions/<id> link). The original must be a different thread
 * the moderator can see, not deleted or hidden, and not itself a duplicate of this one.
 */
export async function markDuplicate({ actor, input }: TActor & { input: unknown }, db: TPrisma = getPrisma()) {
  const moderator = await requireModerator(actor, db);
  const { threadId, original } = parseInput(ZDuplicateInput, input);
  const found = await target("THREAD", threadId, moderator, db);
  const orig = await loadTarget("THREAD", original, moderator, db);
  if (!orig || orig.hidden || orig.id === found.id || orig.thread?.duplicateOfId === found.id)
    throw new AppError("INVALID_INPUT", { original: "moderation.originalInvalid" });
  return db.$transaction(async (tx) => {
    await tx.thread.update({ where: { id: found.id }, data: { duplicateOfId: orig.id } });
    await logAction(
      {
        moderatorId: moderator.id,
        action: "MARK_DUPLICATE",
        kind: "THREAD",
        targetId: found.id,
        details: { originalId: orig.id },
      },
      tx,
    );
    await closeOpenReports({ moderatorId: moderator.id, kind: "THREAD", targetId: found.id, status: "RESOLVED" }, tx);
    return { id: found.id, duplicateOfId: orig.id };
  });
}

/** Clears a thread's duplicate mark. */
export async function clearDuplicate({ actor, threadId }: TActor & { threadId: string }, db: TPrisma = getPrisma()) {
  const moderator = await requireModerator(actor, db);
  const found = await target("THREAD", threadId, moderator, db);
  if (!found.thread?.duplicateOfId) throw new AppError("CONFLICT", {}, { key: "moderation.errors.unchanged" });
  return db.$transaction(async (tx) => {
    await tx.thread.update({ where: { id: found.id }, data: { duplicateOfId: null } });
    await logAction({ moderatorId: moderator.id, action: "UNMARK_DUPLICATE", kind: "THREAD", targetId: found.id }, tx);
    return { id: found.id, duplicateOfId: null };
  });
}

/**
 * Suspends an account (reason, optional end date): every write it tries is refused with the reason (requireWriter →
 * lib/moderation/suspension.ts). FORBIDDEN for oneself and for moderators and admins (an admin may suspend a
 * moderator): canSuspend.
 */
export async function suspendUser({ actor, input }: TActor & { input: unknown }, db: TPrisma = getPrisma()) {
  const moderator = await requireModerator(actor, db);
  const { userId, reason, until } = parseInput(ZSuspendInput, input);
  const standing = await loadStanding(userId, db);
  if (!standing) throw new AppError("NOT_FOUND");
  if (!canSuspend(moderator, { id: userId, role: standing.role }))
    throw new AppError("FORBIDDEN", {}, { key: "moderation.errors.cannotSuspend" });
  return db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { suspendedAt: new Date(), suspendedUntil: until, suspendedReason: reason },
    });
    await logAction(
      {
        moderatorId: moderator.id,
        action: "SUSPEND",
        kind: "USER",
        targetId: userId,
        reason,
        details: { until: until?.toISOString() ?? null },
      },
      tx,
    );
    await closeOpenReports({ moderatorId: moderator.id, kind: "USER", targetId: userId, status: "RESOLVED" }, tx);
    return { id: userId, until };
  });
}

/** Lifts a suspension. */
export async function unsuspendUser({ actor, userId }: TActor & { userId: string }, db: TPrisma = getPrisma()) {
  const moderator = await requireModerator(actor, db);
  const standing = isLookupKey(userId) ? await loadStanding(userId, db) : null;
  if (!standing) throw new AppError("NOT_FOUND");
  if (!standing.suspension) throw new AppError("CONFLICT", {}, { key: "moderation.errors.unchanged" });
  return db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { suspendedAt: null, suspendedUntil: null, suspendedReason: null },
    });
    await logAction({ moderatorId: moderator.id, action: "UNSUSPEND", kind: "USER", targetId: userId }, tx);
    return { id: userId };
  });
}
