import { z } from "zod";
import { openNotificationStream } from "@/lib/notifications/live-stream";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the signed-in user's notifications (the header bell): the unread count, every notification
 * after the client's Last-Event-ID (or `?lastEventId=` when it reconnects by hand), then each new or updated one as
 * it is written. lib/notifications/live-stream.ts has the rules; a cap on open streams is a 429 with Retry-After.
 */
export const GET = route(
  { auth: "user", query: z.object({ lastEventId: z.string().max(40).optional() }) },
  ({ actor, query, request }) =>
    openNotificationStream({
      viewer: actor,
      headers: request.headers,
      lastEventId: query.lastEventId,
      signal: request.signal,
    }),
);
