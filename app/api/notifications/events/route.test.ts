import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { TSessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db";
import { reply } from "@/lib/discussions/mutations";
import { createPoster, createThreadFrom } from "@/lib/factories/discussions";
import { SseReader, type TSseEvent } from "@/lib/factories/sse";
import { createRedis } from "@/lib/redis";
import { closeNotificationStreams, notificationStreamStats } from "@/lib/notifications/live-stream";
import { notify, notifyChannel } from "@/lib/notifications";
import { liveConnectionName } from "@/lib/runs/live-stream";

// The route handlers themselves, with the session replaced (next-auth needs a real request context).
const session = vi.hoisted(() => ({ user: null as TSessionUser | null }));
vi.mock("../../../_server/auth", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new AppError("UNAUTHENTICATED");
    return session.user;
  },
}));
const { GET } = await import("./route");
const { POST: markRead } = await import("../route");

const admin = createRedis();

beforeEach(() => {
  session.user = null;
});
// Each test starts from an idle process (the next stream makes a new subscriber).
afterEach(closeNotificationStreams);
afterAll(async () => {
  await admin.quit();
});

type TEvent = {
  type: "unread" | "notification";
  unread: number;
  notification?: { id: string; seq: string; type: string; count: number; actors: string[]; read: boolean };
};
const data = (events: TSseEvent[]) => events.map((e) => e.data as TEvent);
const notifications = (events: TSseEvent[]) => data(events).flatMap((e) => (e.notification ? [e.notification] : []));

/** Opens the stream as `user`; `lastEventId` as a reconnecting EventSource sends it (header) or by hand (query). */
async function open(user: TSessionUser, { header, query }: { header?: string; query?: string } = {}) {
  session.user = user;
  const url = `http://localhost/api/notifications/events${query ? `?lastEventId=${query}` : ""}`;
  const response = await GET(new Request(url, { headers: header ? { "last-event-id": header } : {} }));
  session.user = null;
  return response;
}
const stream = async (user: TSessionUser, options?: { header?: string; query?: string }) => {
  const response = await open(user, options);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  return new SseReader(response);
};

/** A thread by `author`, who watches it by default: each reply by someone else notifies them (collapsed per thread). */
async function authorWithThread() {
  const author = await createPoster();
  const thread = await createThreadFrom(author);
  return { author, thread };
}
const replyTo = (threadId: string, actor: TSessionUser, body = "A reply") =>
  reply({ actor, threadId, input: { body } });
const rowsOf = (userId: string) =>
  getPrisma().notification.findMany({ where: { recipientId: userId }, orderBy: { seq: "asc" } });
const waitFor = async (condition: () => boolean | Promise<boolean>) => {
  const end = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met in time: ${JSON.stringify(notificationStreamStats())}`);
    await new Promise((r) => setImmediate(r));
  }
};
const channelSubscribers = async (userId: string) =>
  Number(((await admin.call("PUBSUB", "NUMSUB", notifyChannel(userId))) as [string, number])[1]);

describe("GET /api/notifications/events", () => {
  it("401 signed out; nothing is opened", async () => {
    const response = await GET(new Request("http://localhost/api/notifications/events"));
    expect(response.status).toBe(401);
    expect(notificationStreamStats()).toMatchObject({ streams: 0, slots: { open: 0 } });
  });

  it("starts with the unread count, then delivers each notification live with the new count, to its recipient only", async () => {
    const { author: ana, thread } = await authorWithThread();
    const { author: ben, thread: other } = await authorWithThread();
    const carl = await createPoster();
    const mine = await stream(ana);
    const theirs = await stream(ben);
    await mine.until((e) => e.length === 1);
    expect(mine.events[0]).toEqual({ data: { type: "unread", unread: 0 }, id: "0" });

    await replyTo(thread.id, carl, "First reply to Ana");
    await replyTo(other.id, carl, "A reply to Ben");
    await mine.until((e) => e.length === 2);
    await theirs.until((e) => notifications(e).length === 1);
    const [row] = await rowsOf(ana.id);
    expect(mine.events[1]).toMatchObject({
      id: String(row!.seq),
      data: {
        type: "notification",
        unread: 1,
        notification: {
          id: row!.id,
          seq: String(row!.seq),
          type: "reply",
          count: 1,
          actors: [carl.handle],
          read: false,
        },
      },
    });
    expect((mine.events[1]!.data as { notification: { excerpt: string } }).notification.excerpt).toBe(
      "First reply to Ana",
    );

    // A second reply collapses into the same unread row: sent again, updated, with a higher id; the count stays 1.
    await replyTo(thread.id, carl, "Second reply");
    await mine.until((e) => e.length === 3);
    expect(mine.events[2]).toMatchObject({
      data: { type: "notification", unread: 1, notification: { id: row!.id, count: 2 } },
    });
    expect(BigInt(mine.events[2]!.id!)).toBeGreaterThan(row!.seq);

    // Neither stream ever carries the other user's rows.
    const anaIds = new Set((await rowsOf(ana.id)).map((r) => r.id));
    const benIds = new Set((await rowsOf(ben.id)).map((r) => r.id));
    expect(notifications(mine.events).every((n) => anaIds.has(n.id))).toBe(true);
    expect(notifications(theirs.events).every((n) => benIds.has(n.id))).toBe(true);
    expect(notifications(theirs.events)).toHaveLength(1);
    await Promise.all([mine.cancel(), theirs.cancel()]);
    await waitFor(() => notificationStreamStats().streams === 0);
  });

  it("a reconnect with Last-Event-ID gets exactly what it missed, from PostgreSQL, then live events without duplicates", async () => {
    const { author: ana, thread } = await authorWithThread();
    const second = await createThreadFrom(ana);
    const [carl, dora] = await Promise.all([createPoster(), createPoster()]);
    const first = await stream(ana);
    await first.until((e) => e.length === 1);
    await replyTo(thread.id, carl);
    await first.until((e) => e.length === 2);
    const lastId = first.events[1]!.id!;
    await first.cancel(); // the tab loses its connection
    await waitFor(() => notificationStreamStats().streams === 0);

    // Meanwhile: the first row is updated (collapsed) and another thread gets two replies from two people.
    await replyTo(thread.id, dora);
    await replyTo(second.id, carl);
    await replyTo(second.id, dora);
    const rows = await rowsOf(ana.id);
    expect(rows).toHaveLength(2);

    const again = await stream(ana, { header: lastId });
    await again.until((e) => notifications(e).length === 2);
    expect(again.events.map((e) => e.id)).toEqual(rows.map((r) => String(r.seq)));
    expect(notifications(again.events).map((n) => [n.id, n.count, n.actors])).toEqual([
      [rows[0]!.id, 2, [dora.handle, carl.handle]],
      [rows[1]!.id, 2, [dora.handle, carl.handle]],
    ]);
    expect(data(again.events).at(-1)!.unread).toBe(2);

    // Up to date: a client reconnecting by hand (?lastEventId=) with the latest id gets the count, then the next one.
    const manual = await stream(ana, { query: String(rows[1]!.seq) });
    await manual.until((e) => e.length === 1);
    expect(manual.events[0]).toEqual({ data: { type: "unread", unread: 2 }, id: String(rows[1]!.seq) });
    const third = await createThreadFrom(ana);
    await replyTo(third.id, carl);
    await Promise.all([again.until((e) => e.length === 3), manual.until((e) => e.length === 2)]);
    const [, , newest] = await rowsOf(ana.id);
    expect(again.events[2]!.id).toBe(String(newest!.seq));
    expect(manual.events[1]).toMatchObject({ id: String(newest!.seq), data: { unread: 3 } });
    expect(notifications(again.events).map((n) => n.id)).toEqual([rows[0]!.id, rows[1]!.id, newest!.id]);
    await Promise.all([again.cancel(), manual.cancel()]);
  });

  it("nothing lost, nothing twice: notifications written by many concurrent replies all arrive once, in seq order", async () => {
    const ana = await createPoster();
    const threads = await Promise.all(Array.from({ length: 6 }, () => createThreadFrom(ana)));
    const repliers = await Promise.all(Array.from({ length: 3 }, () => createPoster()));
    const readers = [await stream(ana)];
    await readers[0]!.until((e) => e.length === 1);
    const from = [0n];
    const writing = Promise.all(
      threads.flatMap((t) => repliers.map((r, i) => replyTo(t.id, r, `Reply ${i} on ${t.id}`))),
    );
    // Another tab opens halfway, resuming from what the first one had then.
    await readers[0]!.until((e) => e.length >= 3);
    const resumeAt = readers[0]!.events.at(-1)!.id!;
    readers.push(await stream(ana, { header: resumeAt }));
    from.push(BigInt(resumeAt));
    await writing;
    const rows = await rowsOf(ana.id);
    expect(rows.map((r) => r.count)).toEqual(Array(6).fill(3));
    for (const [i, reader] of readers.entries()) {
      // Each row's final version after the reader's start arrives; every id is sent once and ids only grow.
      const expected = rows.filter((r) => r.seq > from[i]!).map((r) => [r.id, String(r.seq)]);
      await reader.until((e) =>
        expected.every(([id, seq]) => notifications(e).some((n) => n.id === id && n.seq === seq)),
      );
      const ids = reader.events.filter((e) => (e.data as TEvent).type === "notification").map((e) => BigInt(e.id!));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(ids).size).toBe(ids.length);
      expect(data(reader.events).at(-1)!.unread).toBe(6);
    }
    await Promise.all(readers.map((r) => r.cancel()));
  });

  it("marking read in one tab updates the count in every open tab of that user", async () => {
    const { author: ana, thread } = await authorWithThread();
    const carl = await createPoster();
    await replyTo(thread.id, carl);
    const tabs = [await stream(ana), await stream(ana)];
    await Promise.all(tabs.map((t) => t.until((e) => e.length === 1)));
    expect(data(tabs[0]!.events)[0]).toEqual({ type: "unread", unread: 1 });

    session.user = ana;
    const response = await markRead(
      new Request("http://localhost/api/notifications", { method: "POST", body: JSON.stringify({ all: true }) }),
    );
    expect(await response.json()).toEqual({ marked: 1, unread: 0 });
    await Promise.all(tabs.map((t) => t.until((e) => e.length === 2)));
    for (const tab of tabs) expect(data(tab.events)[1]).toEqual({ type: "unread", unread: 0 });
    await Promise.all(tabs.map((t) => t.cancel()));
  });

  it("every tab of every user listens through the one subscriber of the process; caps streams per user (429)", async () => {
    const ana = await createPoster();
    const tabs = await Promise.all(Array.from({ length: 10 }, () => stream(ana)));
    await Promise.all(tabs.map((t) => t.until((e) => e.length === 1)));
    expect(await channelSubscribers(ana.id)).toBe(1);
    const named = ((await admin.call("CLIENT", "LIST")) as string)
      .split("\n")
      .filter((l) => l.includes(` name=${liveConnectionName()} `));
    expect(named).toHaveLength(1);

    const refused = await open(ana);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(notificationStreamStats()).toMatchObject({ streams: 10, slots: { open: 10 } });

    await tabs[0]!.cancel();
    await waitFor(() => notificationStreamStats().slots.open === 9);
    const reopened = await stream(ana);
    await reopened.until((e) => e.length === 1);
    await Promise.all([...tabs, reopened].map((t) => t.cancel()));
    await waitFor(async () => notificationStreamStats().streams === 0 && (await channelSubscribers(ana.id)) === 0);
  });

  it("after a lost Redis connection it subscribes again and catches up from PostgreSQL what was written meanwhile", async () => {
    const { author: ana, thread } = await authorWithThread();
    const carl = await createPoster();
    const reader = await stream(ana);
    await reader.until((e) => e.length === 1);
    const list = (await admin.call("CLIENT", "LIST")) as string;
    const ours = list.split("\n").filter((line) => line.includes(` name=${liveConnectionName()} `));
    expect(ours).toHaveLength(1);
    // Written and never announced (as if the hint was lost with the connection): only the catch-up can deliver it.
    await notify(
      [
        {
          recipientId: ana.id,
          type: "mention",
          actorId: carl.id,
          groupKey: `mention:${thread.id}`,
          threadId: thread.id,
        },
      ],
      getPrisma(),
    );
    await admin.call("CLIENT", "KILL", "ID", /\bid=(\d+)/.exec(ours[0]!)![1]!);
    await reader.until((e) => notifications(e).length === 1);
    expect(notifications(reader.events)[0]).toMatchObject({ type: "mention", actors: [carl.handle] });
    await replyTo(thread.id, carl); // and live again
    await reader.until((e) => notifications(e).length === 2);
    await reader.cancel();
  });

  it("a malformed Last-Event-ID starts from the latest notification, as a new stream does", async () => {
    const { author: ana, thread } = await authorWithThread();
    await replyTo(thread.id, await createPoster());
    const [row] = await rowsOf(ana.id);
    for (const header of ["garbage", "-1", "1".repeat(30), "12; DROP TABLE", "999999999999999999"]) {
      const reader = await stream(ana, { header });
      await reader.until((e) => e.length === 1);
      expect(reader.events).toEqual([{ data: { type: "unread", unread: 1 }, id: String(row!.seq) }]);
      await reader.cancel();
    }
  });
});
