import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { TSessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db";
import { reply } from "@/lib/discussions/mutations";
import { createPoster, createThreadFrom } from "@/lib/factories/discussions";
import { createSampleDataset } from "@/lib/factories/datasets";
import { notifyChannel } from "@/lib/notifications";
import { createRedis } from "@/lib/redis";

// The actions themselves, with the session replaced (next-auth needs a request context) and no page cache to revalidate.
const session = vi.hoisted(() => ({ user: null as TSessionUser | null }));
vi.mock("../_server/auth", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new AppError("UNAUTHENTICATED");
    return session.user;
  },
  unstable_update: async () => {},
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const { markNotificationsReadAction, setWatchAction } = await import("./actions");
const { setNotificationPreferenceAction } = await import("../settings/actions");

const subscriber = createRedis();
afterAll(async () => {
  await subscriber.quit();
});
beforeEach(() => {
  session.user = null;
});

const as = <T>(user: TSessionUser | null, action: () => Promise<T>) => {
  session.user = user;
  return action().finally(() => (session.user = null));
};
const rowsOf = (userId: string) => getPrisma().notification.findMany({ where: { recipientId: userId } });
const replyTo = (threadId: string, actor: TSessionUser) => reply({ actor, threadId, input: { body: "A reply" } });

describe("notification actions", () => {
  it("markNotificationsReadAction marks one's own (ids or all), answers the unread count and publishes a hint", async () => {
    const [ana, ben, carl] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const [t1, t2, t3] = [await createThreadFrom(ana), await createThreadFrom(ana), await createThreadFrom(ben)];
    for (const t of [t1, t2, t3]) await replyTo(t.id, carl);
    const [mine, bens] = [await rowsOf(ana.id), await rowsOf(ben.id)];
    expect(mine).toHaveLength(2);

    await subscriber.subscribe(notifyChannel(ana.id));
    const hint = new Promise<string>((resolve) =>
      subscriber.once("message", (channel: string, message: string) => resolve(`${channel} ${message}`)),
    );
    const result = await as(ana, () => markNotificationsReadAction([mine[0]!.id, bens[0]!.id]));
    expect(result).toEqual({ ok: true, value: { unread: 1 } });
    expect(await hint).toMatch(new RegExp(`^${notifyChannel(ana.id)} \\{"seq":"\\d+"\\}$`));
    await subscriber.unsubscribe();
    expect((await rowsOf(ben.id))[0]!.readAt).toBeNull();

    expect(await as(ana, () => markNotificationsReadAction("all"))).toEqual({ ok: true, value: { unread: 0 } });
    expect((await rowsOf(ana.id)).every((r) => r.readAt)).toBe(true);
    await expect(as(null, () => markNotificationsReadAction("all"))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(as(ana, () => markNotificationsReadAction(["x".repeat(100)]))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("setWatchAction: watching a thread brings its replies, muting silences the author's default, null goes back", async () => {
    const [ana, ben, carl] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const thread = await createThreadFrom(ana);
    const watch = (user: TSessionUser, mode: "WATCH" | "MUTE" | null) =>
      as(user, () => setWatchAction({ kind: "thread", id: thread.id }, mode));

    expect(await watch(ben, "WATCH")).toEqual({ ok: true, value: { mode: "WATCH", byDefault: false } });
    expect(await watch(ana, "MUTE")).toEqual({ ok: true, value: { mode: "MUTE", byDefault: true } });
    await replyTo(thread.id, carl);
    expect(await rowsOf(ben.id)).toHaveLength(1);
    expect(await rowsOf(ana.id)).toHaveLength(0);

    expect(await watch(ana, null)).toEqual({ ok: true, value: { mode: null, byDefault: true } });
    expect(await watch(ben, null)).toEqual({ ok: true, value: { mode: null, byDefault: false } });
    await as(ben, () => markNotificationsReadAction("all"));
    await replyTo(thread.id, carl);
    expect(await rowsOf(ana.id)).toHaveLength(1);
    expect((await rowsOf(ben.id)).filter((r) => !r.readAt)).toHaveLength(0);
  });

  it("setWatchAction: NOT_FOUND for a thing the user cannot see, INVALID_INPUT for a bad one, 401 signed out", async () => {
    const [owner, other] = await Promise.all([createPoster(), createPoster()]);
    const { dataset } = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const thing = { kind: "dataset" as const, id: dataset.id };
    await expect(as(other, () => setWatchAction(thing, "WATCH"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getPrisma().watch.count({ where: { thingId: dataset.id } })).toBe(0);
    expect(await as(owner, () => setWatchAction(thing, "MUTE"))).toEqual({
      ok: true,
      value: { mode: "MUTE", byDefault: true },
    });
    await expect(
      as(owner, () => setWatchAction({ kind: "planet" as "dataset", id: dataset.id }, "WATCH")),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(as(null, () => setWatchAction(thing, "WATCH"))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("setNotificationPreferenceAction switches a type off and on for the user only", async () => {
    const [ana, ben, carl] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const [mine, bens] = [await createThreadFrom(ana), await createThreadFrom(ben)];
    const off = await as(ana, () => setNotificationPreferenceAction("reply", false));
    expect(off.ok && off.value).toMatchObject({ reply: false, mention: true, runFailed: true });
    await replyTo(mine.id, carl);
    await replyTo(bens.id, carl);
    expect(await rowsOf(ana.id)).toHaveLength(0);
    expect(await rowsOf(ben.id)).toHaveLength(1);

    const on = await as(ana, () => setNotificationPreferenceAction("reply", true));
    expect(on.ok && on.value.reply).toBe(true);
    await replyTo(mine.id, carl);
    expect(await rowsOf(ana.id)).toHaveLength(1);
    await expect(as(ana, () => setNotificationPreferenceAction("nonsense" as "reply", true))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});
