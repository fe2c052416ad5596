import { getPrisma, type TPrisma } from "../db";
import { notify } from "../notifications/notify";
import type { TNotificationType, TNotifyEvent } from "../notifications/schemas";

/** A user's notification rows as stored (newest first), for tests that check who got what. */
export function notificationRows(userId: string, db: TPrisma = getPrisma()) {
  return db.notification.findMany({
    where: { recipientId: userId },
    orderBy: { seq: "desc" },
    select: {
      id: true,
      type: true,
      groupKey: true,
      count: true,
      actorIds: true,
      threadId: true,
      postId: true,
      runId: true,
      configId: true,
      competitionId: true,
      excerpt: true,
      values: true,
      seq: true,
      readAt: true,
    },
  });
}

/** The types each user received, for "who gets what" assertions: { [userId]: ["reply", …] } in seq order. */
export async function typesReceived(userIds: string[], db: TPrisma = getPrisma()) {
  const rows = await db.notification.findMany({
    where: { recipientId: { in: userIds } },
    orderBy: { seq: "asc" },
    select: { recipientId: true, type: true },
  });
  const out = Object.fromEntries(userIds.map((u) => [u, [] as string[]]));
  for (const r of rows) out[r.recipientId]!.push(r.type);
  return out;
}

/** One event written through notify() in its own transaction (a general thread's id is not needed: no subject). */
export function notifyOne(
  event: Partial<TNotifyEvent> & { recipientId: string; type?: TNotificationType },
  db: TPrisma = getPrisma(),
) {
  return db.$transaction((tx) =>
    notify([{ type: "reply", actorId: null, groupKey: `test:${event.recipientId}`, ...event }], tx),
  );
}
