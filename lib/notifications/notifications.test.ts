import { afterAll, describe, expect, it } from "vitest";
import { failure } from "../factories/failure";
import { createConfigFrom } from "../factories/configs";
import { notificationRows, notifyOne } from "../factories/notifications";
import { createUser } from "../factories/users";
import { getPrisma } from "../db";
import { createRedis } from "../redis";
import { markRead } from "./mutations";
import { notify, notifyChannel, publishNotifications } from "./notify";
import { getPreferences, setPreference } from "./preferences";
import { latestSeq, listNotifications, notificationsAfter, unreadCount } from "./queries";
import { setWatch, watchState } from "./watch";

const subscriber = createRedis();
afterAll(async () => {
  await subscriber.quit();
});

/** Sessions holding (granted) or waiting for the seq lock of lib/notifications/notify.ts. */
async function seqLocks(granted: boolean): Promise<number> {
  const [row] = await getPrisma().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND granted = ${granted}
      AND objid::text::bigint = (hashtext('notifications:seq')::bigint & 4294967295)`;
  return row!.n;
}

type TUser = Awaited<ReturnType<typeof createUser>>;
type TTuple<T, N extends number, R extends T[] = []> = R["length"] extends N ? R : TTuple<T, N, [...R, T]>;
const users = <N extends number>(n: N) =>
  Promise.all(Array.from({ length: n }, () => createUser())) as Promise<TTuple<TUser, N>>;

describe("collapsing", () => {
  it("folds events of one group into the unread row (count, latest actors first, new seq) and starts anew once read", async () => {
    const [me, a, b, c] = await users(4);
    await notifyOne({ recipientId: me.id, actorId: a.id, groupKey: "reply:t1", excerpt: "first" });
    const [first] = await notificationRows(me.id);
    await notifyOne({ recipientId: me.id, actorId: b.id, groupKey: "reply:t1", excerpt: "second" });
    await notifyOne({ recipientId: me.id, actorId: a.id, groupKey: "reply:t1", excerpt: "third" });
    let rows = await notificationRows(me.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first!.id, count: 3, actorIds: [a.id, b.id], excerpt: "third" });
    expect(rows[0]!.seq).toBeGreaterThan(first!.seq);
    const view = (await listNotifications(me.id)).items[0]!;
    expect(view).toMatchObject({ count: 3, actors: [a.handle, b.handle], read: false, seq: String(rows[0]!.seq) });

    // Another group is another row; a read row is left alone and the next event starts a new one.
    await notifyOne({ recipientId: me.id, actorId: c.id, groupKey: "reply:t2" });
    expect(await unreadCount(me.id)).toBe(2);
    await markRead(me.id, [first!.id]);
    await notifyOne({ recipientId: me.id, actorId: c.id, groupKey: "reply:t1", excerpt: "after read" });
    rows = await notificationRows(me.id);
    expect(rows.map((r) => [r.groupKey, r.count, r.readAt === null])).toEqual([
      ["reply:t1", 1, true],
      ["reply:t2", 1, true],
      ["reply:t1", 3, false],
    ]);
  });

  it("is exact under concurrency: ten events at once end as one row with count 10", async () => {
    const [me, ...actors] = await users(11);
    await Promise.all(actors.map((a) => notifyOne({ recipientId: me.id, actorId: a.id, groupKey: "reply:busy" })));
    const rows = await notificationRows(me.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(10);
    // At most five actors kept, all distinct, all of them among those who acted.
    expect(rows[0]!.actorIds).toHaveLength(5);
    expect(new Set(rows[0]!.actorIds).size).toBe(5);
    for (const id of rows[0]!.actorIds) expect(actors.map((a) => a.id)).toContain(id);
  });

  it("counts unread rows exactly while events of many groups arrive at once", async () => {
    const [me] = await users(1);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => notifyOne({ recipientId: me!.id, actorId: `x${i}`, groupKey: `g${i}` })),
      ...Array.from({ length: 10 }, (_, i) => notifyOne({ recipientId: me!.id, actorId: `y${i}`, groupKey: "same" })),
    ]);
    expect(await unreadCount(me!.id)).toBe(11);
    const same = (await notificationRows(me!.id)).find((r) => r.groupKey === "same");
    expect(same!.count).toBe(10);
  });

  it("counts distinct actors exactly beyond the five kept, under concurrency, and forgets who acted once read", async () => {
    const [me, ...actors] = await users(8);
    const group = { recipientId: me.id, groupKey: "reply:many" };
    const actorsOf = async (notificationId: string) =>
      (await getPrisma().notificationActor.findMany({ where: { notificationId } })).length;
    // Seven people, each twice, all at once, and the platform (no actor) once: 15 events, 7 people.
    await Promise.all([
      ...[...actors, ...actors].map((a) => notifyOne({ ...group, actorId: a.id })),
      notifyOne({ ...group, actorId: null }),
    ]);
    let [row] = await getPrisma().notification.findMany({ where: { recipientId: me.id } });
    expect([row!.count, row!.actorIds.length, row!.actorCount]).toEqual([15, 5, 7]);
    expect(await actorsOf(row!.id)).toBe(7);
    // The oldest of the five kept acts again: first in the list, not counted twice.
    const oldest = row!.actorIds[4]!;
    await notifyOne({ ...group, actorId: oldest });
    [row] = await getPrisma().notification.findMany({ where: { recipientId: me.id } });
    expect([row!.count, row!.actorIds[0], row!.actorCount]).toEqual([16, oldest, 7]);
    const [view] = (await listNotifications(me.id)).items;
    expect([view!.actors.length, view!.actorCount]).toEqual([5, 7]);

    // Read: its set is emptied (it never collapses again), its count stays; the next event starts anew at one.
    await markRead(me.id, [row!.id]);
    expect(await actorsOf(row!.id)).toBe(0);
    await notifyOne({ ...group, actorId: oldest });
    const rows = await getPrisma().notification.findMany({ where: { recipientId: me.id }, orderBy: { seq: "desc" } });
    expect(rows.map((r) => [r.count, r.actorCount, r.readAt === null])).toEqual([
      [1, 1, true],
      [16, 7, false],
    ]);

    // The platform's events alone: nobody acted.
    await notifyOne({ recipientId: me.id, groupKey: "run:x", type: "runFinished" });
    const [platform] = (await listNotifications(me.id)).items;
    expect([platform!.actors, platform!.actorCount]).toEqual([[], 0]);
  });

  it("merges two events of one group in the same call", async () => {
    const [me, a, b] = await users(3);
    await getPrisma().$transaction((tx) =>
      notify(
        [
          { recipientId: me!.id, type: "reply", actorId: a!.id, groupKey: "reply:x" },
          { recipientId: me!.id, type: "reply", actorId: b!.id, groupKey: "reply:x" },
        ],
        tx,
      ),
    );
    expect(await notificationRows(me!.id)).toMatchObject([{ count: 2, actorIds: [b!.id, a!.id] }]);
    const [view] = (await listNotifications(me!.id)).items;
    expect(view!.actorCount).toBe(2);
  });
});

describe("who is notified", () => {
  it("never the actor, never a switched-off type, never about a muted thing", async () => {
    const [me, other] = await users(2);
    const { config } = await createConfigFrom("mlp", {}, other);
    const written = await getPrisma().$transaction((tx) =>
      notify(
        [
          { recipientId: me.id, type: "reply", actorId: me.id, groupKey: "self" },
          { recipientId: other.id, type: "reply", actorId: me.id, groupKey: "ok" },
        ],
        tx,
      ),
    );
    expect(written).toEqual([other.id]);
    expect(await notificationRows(me.id)).toEqual([]);

    expect(await getPreferences(me.id)).toMatchObject({ reply: true, runFailed: true });
    expect((await setPreference(me.id, "runFailed", false)).runFailed).toBe(false);
    await notifyOne({ recipientId: me.id, type: "runFailed", groupKey: "run:1" });
    await notifyOne({ recipientId: me.id, type: "runFinished", groupKey: "run:2" });
    expect((await notificationRows(me.id)).map((r) => r.type)).toEqual(["runFinished"]);
    await setPreference(me.id, "runFailed", true);
    await notifyOne({ recipientId: me.id, type: "runFailed", groupKey: "run:1" });
    expect((await notificationRows(me.id)).map((r) => r.type)).toEqual(["runFailed", "runFinished"]);
    const bad = await failure(setPreference(me.id, "nope" as never, false));
    expect(bad.fieldErrors).toEqual({ type: "invalid" });

    // A mute of the thing silences it; back to the default, it is heard again.
    const thing = { kind: "config" as const, id: config.id };
    await setWatch(me, thing, "MUTE");
    await notifyOne({
      recipientId: me.id,
      type: "forked",
      groupKey: "forked:c",
      configId: config.id,
      mutedBy: [thing],
    });
    expect(await unreadCount(me.id)).toBe(2);
    await setWatch(me, thing, null);
    await notifyOne({
      recipientId: me.id,
      type: "forked",
      groupKey: "forked:c",
      configId: config.id,
      mutedBy: [thing],
    });
    expect(await unreadCount(me.id)).toBe(3);
  });
});

describe("watch state", () => {
  it("is a default for authors, a row for a choice, and NOT_FOUND for what the user cannot see", async () => {
    const [owner, other] = await users(2);
    const { config } = await createConfigFrom("mlp", { visibility: "PUBLIC" }, owner);
    const { config: secret } = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    const thing = { kind: "config" as const, id: config.id };
    expect(await watchState(owner, thing)).toEqual({ mode: null, byDefault: true });
    expect(await watchState(other, thing)).toEqual({ mode: null, byDefault: false });
    expect(await setWatch(other, thing, "WATCH")).toEqual({ mode: "WATCH", byDefault: false });
    expect(await setWatch(other, thing, "WATCH")).toEqual({ mode: "WATCH", byDefault: false });
    expect(await setWatch(owner, thing, "MUTE")).toEqual({ mode: "MUTE", byDefault: true });
    expect(await watchState(other, thing)).toEqual({ mode: "WATCH", byDefault: false });
    expect(await setWatch(other, thing, null)).toEqual({ mode: null, byDefault: false });
    expect(await getPrisma().watch.count({ where: { thingId: config.id } })).toBe(1);

    for (const call of [
      setWatch(other, { kind: "config", id: secret.id }, "WATCH"),
      watchState(other, { kind: "config", id: secret.id }),
      setWatch(other, { kind: "thread", id: "missing" }, "MUTE"),
    ])
      expect((await failure(call)).code).toBe("NOT_FOUND");
    expect((await failure(setWatch(other, { kind: "pool" as never, id: config.id }, "WATCH"))).code).toBe(
      "INVALID_INPUT",
    );
    expect((await failure(setWatch(other, thing, "LOUD" as never))).code).toBe("INVALID_INPUT");
  });
});

describe("reading", () => {
  it("lists newest first, 20 a page, by filter; marks read only the user's own rows", async () => {
    const [me, other] = await users(2);
    for (let i = 0; i < 23; i++) await notifyOne({ recipientId: me.id, type: "reply", groupKey: `r${i}` });
    await notifyOne({ recipientId: me.id, type: "runFinished", groupKey: "run:a" });
    await notifyOne({ recipientId: other.id, type: "reply", groupKey: "theirs" });
    const first = await listNotifications(me.id, { filter: "all", page: 1 });
    expect([first.total, first.pageCount, first.items.length]).toEqual([24, 2, 20]);
    expect(first.items[0]!.type).toBe("runFinished");
    const seqs = first.items.map((n) => BigInt(n.seq));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
    expect((await listNotifications(me.id, { page: 2 })).items).toHaveLength(4);
    expect((await listNotifications(me.id, { page: 99 })).page).toBe(2);
    const runs = await listNotifications(me.id, { filter: "runs" });
    expect(runs.items.map((n) => n.type)).toEqual(["runFinished"]);
    expect(runs.items[0]!.subject).toEqual({ kind: "run", href: null, title: null }); // no such run: no title
    expect((await listNotifications(me.id, { filter: "competitions" })).total).toBe(0);

    const theirs = (await notificationRows(other.id))[0]!;
    expect(await markRead(me.id, [theirs.id, first.items[0]!.id])).toEqual({ count: 1 });
    expect((await notificationRows(other.id))[0]!.readAt).toBeNull();
    expect((await listNotifications(me.id, { filter: "unread" })).total).toBe(23);
    expect(await markRead(me.id, "all")).toEqual({ count: 23 });
    expect(await unreadCount(me.id)).toBe(0);
    expect(await unreadCount(other.id)).toBe(1);
    expect(await markRead(me.id, [])).toEqual({ count: 0 });
  });

  it("catches up after a seq in ascending order, capped, with a collapsed row coming back under its new seq", async () => {
    const [me] = await users(1);
    const id = me!.id;
    expect(await latestSeq(id)).toBe("0");
    for (const g of ["a", "b", "c"]) await notifyOne({ recipientId: id, groupKey: g });
    const start = (await notificationsAfter(id, "0")).map((n) => n.seq);
    expect(start).toHaveLength(3);
    expect(await latestSeq(id)).toBe(start[2]);
    await notifyOne({ recipientId: id, groupKey: "a" });
    const after = await notificationsAfter(id, start[2]!);
    expect(after.map((n) => [n.count, BigInt(n.seq) > BigInt(start[2]!)])).toEqual([[2, true]]);
    expect(await notificationsAfter(id, after[0]!.seq)).toEqual([]);
    expect(await notificationsAfter(id, 0n, 2)).toHaveLength(2);
    expect((await failure(notificationsAfter(id, "12; drop"))).code).toBe("INVALID_INPUT");
  });

  it("draws seqs in commit order: a transaction waits for an earlier one that has drawn its seqs", async () => {
    const [a, b] = await users(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = getPrisma().$transaction(
      async (tx) => {
        await notify([{ recipientId: a!.id, type: "reply", actorId: null, groupKey: "slow" }], tx);
        await held;
      },
      { timeout: 20_000 },
    );
    // Wait until the first transaction holds the lock (its row exists, uncommitted), then start the second.
    await expect.poll(() => seqLocks(true), { timeout: 10_000 }).toBeGreaterThan(0);
    const second = notifyOne({ recipientId: b!.id, groupKey: "fast" });
    // The second waits on the lock (no seq drawn yet, nothing visible) until the first commits.
    await expect.poll(() => seqLocks(false), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await notificationRows(b!.id)).toEqual([]);
    release();
    await Promise.all([first, second]);
    const [ra] = await notificationRows(a!.id);
    const [rb] = await notificationRows(b!.id);
    expect(rb!.seq).toBeGreaterThan(ra!.seq);
  });
});

describe("publishing", () => {
  it("sends { seq } on each user's channel after the commit", async () => {
    const [me] = await users(1);
    await notifyOne({ recipientId: me!.id, groupKey: "p" });
    const seq = await latestSeq(me!.id);
    const received = new Promise<[string, string]>((resolve) =>
      subscriber.on("message", (channel, message) => {
        if (channel === notifyChannel(me!.id)) resolve([channel, message]);
      }),
    );
    await subscriber.subscribe(notifyChannel(me!.id));
    await publishNotifications([me!.id, me!.id]);
    const [channel, message] = await received;
    expect(channel).toBe(`${process.env.QUEUE_PREFIX}:notify:${me!.id}`);
    expect(JSON.parse(message)).toEqual({ seq });
    await publishNotifications([]); // nothing to say: no error
  });
});
