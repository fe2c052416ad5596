import { z } from "zod";
import {
  markRead,
  publishNotifications,
  listNotifications,
  unreadCount,
  ZNotificationFilter,
} from "@/lib/notifications";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const ZListQuery = z.object({
  filter: ZNotificationFilter,
  page: z.coerce.number().int().min(1).catch(1),
});

/** Some of one's notifications by id (others' ids match nothing), or all of them. */
const ZMarkReadBody = z.union([
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);

/**
 * The signed-in user's notifications, newest first: ?filter=all|unread|discussions|runs|configs|competitions&page=N
 * (an unknown filter reads as all, a page past the end as the last). 401 signed out.
 */
export const GET = route({ auth: "user", query: ZListQuery }, async ({ actor, query }) => {
  const [list, unread] = await Promise.all([
    listNotifications(actor.id, { filter: query.filter, page: query.page }),
    unreadCount(actor.id),
  ]);
  return { ...list, unread };
});

/**
 * Marks notifications read: { ids: [...] } or { all: true }. Answers how many changed and the unread count left;
 * the user's open streams (other tabs) get a hint and update their badge.
 */
export const POST = route({ auth: "user", write: true, body: ZMarkReadBody }, async ({ actor, body }) => {
  const { count } = await markRead(actor.id, "all" in body ? "all" : body.ids);
  if (count) await publishNotifications([actor.id]);
  return { marked: count, unread: await unreadCount(actor.id) };
});
