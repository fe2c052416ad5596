import type { TSessionUser } from "../auth/session";
import { AppError, RateLimitedError } from "../errors";
import { loadEnv } from "../env";
import { consume } from "../limits";
import { clientIp } from "../limits/client-ip";
import type { TLiveSubscription } from "../runs/live-events";
import { StreamSlots } from "../runs/live-slots";
import { closeLiveStreams, liveHub } from "../runs/live-stream";
import { latestSeq, notificationsAfter, notifyChannel, unreadCount, type TNotificationView } from "./index";

/*
 * The header bell's live feed as server-sent events: one stream per signed-in tab, always about its own user.
 *
 * - Every stream listens through the process's one Redis subscriber (liveHub, shared with run progress) on the
 *   user's channel; caps on open streams per IP, per user and per process (StreamSlots, the LIVE_STREAMS_* values)
 *   answer 429 before anything is opened, and RATE_LIMIT_SSE limits how often a user opens one.
 * - PostgreSQL is the only source of what is sent: a published message carries nothing but a hint (the new seq),
 *   and each hint makes the stream read the rows after the last seq it sent (notificationsAfter). lib/notifications
 *   publishes after the commit, so the read sees the row, and draws seqs in commit order (notify.ts), so no row
 *   ever commits behind a cursor; hints that arrive while a read is running make one more read.
 * - Ids are the notification's seq, which grows with every new or updated (collapsed) notification of the user. A
 *   reconnecting EventSource sends the last one as `Last-Event-ID` (a client reconnecting by hand — after a 429 the
 *   browser gives up — passes it as `?lastEventId=`) and gets every notification after it; without one (or with one
 *   that is malformed or ahead of the user's latest) the stream starts at the user's latest seq. The same catch-up
 *   runs when the Redis connection comes back after an outage.
 * - Every event carries the unread count; marking read publishes a hint too (publishNotifications), so every open
 *   tab's badge follows.
 */

const HEARTBEAT_MS = 15_000;
const READY_TIMEOUT_MS = 5_000;
const MAX_UNREAD_EVENTS = 1_000;
const STREAM_RETRY_AFTER_SECONDS = 30;
/** Rows read per catch-up query; a client away for long catches up in several. */
const CATCH_UP_BATCH = 100;

/** What a client of /api/notifications/events receives (app/_components/notification-bell.tsx). */
export type TNotificationEvent =
  { type: "unread"; unread: number } | { type: "notification"; unread: number; notification: TNotificationView };

const parseSeq = (value: string | null | undefined): string | null => {
  const seq = value?.trim() ?? "";
  return /^\d{1,18}$/.test(seq) ? String(BigInt(seq)) : null;
};

type TNotify = { slots: StreamSlots; streams: Set<NotificationStream> };
const globalForNotify = globalThis as unknown as { trainyardNotifyStreams?: TNotify };

function state(): TNotify {
  if (!globalForNotify.trainyardNotifyStreams) {
    const env = loadEnv();
    globalForNotify.trainyardNotifyStreams = {
      slots: new StreamSlots({
        perIp: env.LIVE_STREAMS_PER_IP,
        perUser: env.LIVE_STREAMS_PER_USER,
        total: env.LIVE_STREAMS_MAX,
      }),
      streams: new Set(),
    };
  }
  return globalForNotify.trainyardNotifyStreams;
}

/** Open notification streams and held slots in this process (tests, diagnostics). */
export function notificationStreamStats() {
  const { slots, streams } = state();
  return { streams: streams.size, slots: slots.stats() };
}

/** Ends every notification stream, then the shared subscriber connection (tests; a shutting-down process). */
export async function closeNotificationStreams() {
  const current = globalForNotify.trainyardNotifyStreams;
  globalForNotify.trainyardNotifyStreams = undefined;
  for (const stream of [...(current?.streams ?? [])]) stream.close();
  await closeLiveStreams();
}

/**
 * The SSE response for the signed-in user's notifications, or an AppError: RateLimitedError (a cap or the open
 * rate; 429 with Retry-After), UNAVAILABLE (Redis did not confirm the subscription in time).
 */
export async function openNotificationStream({
  viewer,
  headers,
  lastEventId,
  signal,
}: {
  viewer: TSessionUser;
  headers: Headers;
  /** From the query string, for a client that reconnects by hand; the Last-Event-ID header wins. */
  lastEventId?: string | null;
  signal?: AbortSignal;
}): Promise<Response> {
  const { slots, streams } = state();
  const { TRUST_PROXY } = loadEnv();
  const ip = TRUST_PROXY > 0 ? clientIp(headers, TRUST_PROXY) : null;
  await consume("sse", `user:${viewer.id}`);
  const release = slots.acquire({ ip, userId: viewer.id });
  if (!release) throw new RateLimitedError("liveStreams", STREAM_RETRY_AFTER_SECONDS);
  const stream = new NotificationStream(viewer.id, release, streams);
  let from: string;
  try {
    stream.subscription = liveHub().subscribe(notifyChannel(viewer.id), {
      message: () => void stream.sync(),
      resumed: () => void stream.sync(),
    });
    await within(stream.subscription.ready, READY_TIMEOUT_MS);
    // Read after the subscription is live: anything committed later is announced on it.
    const latest = await latestSeq(viewer.id);
    const resume = parseSeq(headers.get("last-event-id")) ?? parseSeq(lastEventId);
    // An id past the user's latest (from before a database restore, or made up) would hold back what comes next.
    from = resume !== null && BigInt(resume) <= BigInt(latest) ? resume : latest;
    if (signal?.aborted) throw new AppError("NOT_FOUND"); // the client left while we looked: nothing to stream
  } catch (error) {
    stream.close();
    throw error;
  }
  signal?.addEventListener("abort", stream.close, { once: true });
  stream.detach = () => signal?.removeEventListener("abort", stream.close);
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => stream.start(controller, from),
    cancel: stream.close,
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new AppError("UNAVAILABLE")), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const encoder = new TextEncoder();

class NotificationStream {
  subscription: TLiveSubscription | null = null;
  detach: () => void = () => {};
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** The last seq this client has; null until start. */
  private cursor: string | null = null;
  private unread: number | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private syncing = false;
  private syncAgain = false;
  private closed = false;

  constructor(
    private readonly userId: string,
    private readonly release: () => void,
    private readonly streams: Set<NotificationStream>,
  ) {
    streams.add(this);
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>, from: string) {
    this.controller = controller;
    // Spread reconnections out: a restarted web process is not hit by all its former clients in the same second.
    this.write(`retry: ${3_000 + Math.floor(Math.random() * 4_000)}\n\n`);
    this.heartbeat = setInterval(() => this.write(": keep-alive\n\n"), HEARTBEAT_MS);
    this.heartbeat.unref?.();
    this.cursor = from;
    void this.sync(true);
  }

  /**
   * Sends every notification after the cursor, then the unread count if no event carried it yet. One read at a
   * time: a hint that arrives meanwhile makes the loop read once more, so none is lost and none is sent twice.
   */
  async sync(first = false) {
    if (this.closed) return;
    if (this.syncing || this.cursor === null) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      let announce = first;
      do {
        this.syncAgain = false;
        for (;;) {
          const items = await notificationsAfter(this.userId, this.cursor, CATCH_UP_BATCH);
          if (this.closed) return;
          if (!items.length) break;
          const unread = await unreadCount(this.userId);
          for (const notification of items) {
            this.send({ type: "notification", unread, notification }, notification.seq);
            this.cursor = notification.seq;
          }
          this.unread = unread;
          announce = false;
          if (items.length < CATCH_UP_BATCH) break;
        }
        const unread = await unreadCount(this.userId);
        if (this.closed) return;
        if (announce || unread !== this.unread) this.send({ type: "unread", unread }, this.cursor);
        this.unread = unread;
        announce = false;
      } while (this.syncAgain && !this.closed);
    } catch {
      this.close(); // PostgreSQL unreachable: the browser reconnects with Last-Event-ID and catches up then
    } finally {
      this.syncing = false;
    }
  }

  close = () => {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.subscription?.close();
    this.release();
    this.streams.delete(this);
    this.detach();
    try {
      this.controller?.close();
    } catch {
      // already closed or canceled by the client
    }
  };

  private send(event: TNotificationEvent, id: string | null) {
    this.write(`data: ${JSON.stringify(event)}\n${id ? `id: ${id}\n` : ""}\n`);
  }

  private write(text: string) {
    if (this.closed || !this.controller) return;
    if ((this.controller.desiredSize ?? 0) < -MAX_UNREAD_EVENTS) return this.close();
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch {
      this.close();
    }
  }
}
