import { getPrisma, type TDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { NOTIFICATION_GROUPS, ZNotificationFilter, ZSeq, type TNotificationFilter } from "./schemas";
import { NOTIFICATION_SELECT, toViews, type TNotificationView } from "./view";

/*
 * Reading a user's notifications: always their own (the caller passes the signed-in user's id), newest first by seq —
 * which a collapsed row renews, so a row with a new reply moves to the top.
 */

export const NOTIFICATIONS_PAGE_SIZE = 20;
/** Most rows one catch-up read returns; a client away for long reads again from the last seq it got. */
const AFTER_MAX = 100;

function filterWhere(userId: string, filter: TNotificationFilter): Prisma.NotificationWhereInput {
  if (filter === "all") return { recipientId: userId };
  if (filter === "unread") return { recipientId: userId, readAt: null };
  return { recipientId: userId, type: { in: [...NOTIFICATION_GROUPS[filter]] } };
}

/** One page (from 1) of the user's notifications under a filter; an unknown filter reads as "all". */
export async function listNotifications(
  userId: string,
  { filter = "all", page = 1 }: { filter?: TNotificationFilter | string; page?: number } = {},
  db: TDb = getPrisma(),
): Promise<{ items: TNotificationView[]; total: number; page: number; pageCount: number }> {
  const where = filterWhere(userId, ZNotificationFilter.parse(filter));
  const total = await db.notification.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Number.isSafeInteger(page) ? page : 1), pageCount);
  const rows = await db.notification.findMany({
    where,
    orderBy: { seq: "desc" },
    skip: (current - 1) * NOTIFICATIONS_PAGE_SIZE,
    take: NOTIFICATIONS_PAGE_SIZE,
    select: NOTIFICATION_SELECT,
  });
  return { items: await toViews(userId, rows, db), total, page: current, pageCount };
}

/** How many of the user's notifications are unread (one row per collapsed group). */
export function unreadCount(userId: string, db: TDb = getPrisma()): Promise<number> {
  return db.notification.count({ where: { recipientId: userId, readAt: null } });
}

/** The user's highest seq ("0" without notifications): where a new live stream starts. */
export async function latestSeq(userId: string, db: TDb = getPrisma()): Promise<string> {
  const row = await db.notification.findFirst({
    where: { recipientId: userId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return String(row?.seq ?? 0n);
}

/**
 * The user's notifications written or updated after `seq` (a live stream's Last-Event-ID), oldest first, at most
 * `limit` (≤ 100): the stream's catch-up. INVALID_INPUT for a seq that is not a decimal number.
 */
export async function notificationsAfter(
  userId: string,
  seq: string | bigint,
  limit = AFTER_MAX,
  db: TDb = getPrisma(),
): Promise<TNotificationView[]> {
  const after = parseInput(ZSeq, seq);
  const rows = await db.notification.findMany({
    where: { recipientId: userId, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: Math.min(Math.max(1, Math.floor(limit)), AFTER_MAX),
    select: NOTIFICATION_SELECT,
  });
  return toViews(userId, rows, db);
}
