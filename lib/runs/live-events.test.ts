import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "../redis";
import { LiveEvents } from "./live-events";

const name = `trainyard-live-test-${process.pid}`;
const hub = new LiveEvents({ connectionName: name });
const publisher = createRedis();

afterAll(async () => {
  await hub.close();
  await publisher.quit();
});

const numsub = async (channel: string) =>
  Number(((await publisher.call("PUBSUB", "NUMSUB", channel)) as [string, number])[1]);
const until = async (condition: () => boolean | Promise<boolean>) => {
  const end = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setImmediate(r));
  }
};
const listener = () => {
  const messages: string[] = [];
  let resumed = 0;
  return {
    messages,
    resumedCount: () => resumed,
    message: (m: string) => void messages.push(m),
    resumed: () => void resumed++,
  };
};
const channel = () => `live-test:${process.pid}:${Math.random().toString(36).slice(2)}`;

describe("one subscriber per process", () => {
  it("subscribes a channel for its first listener, fans each message out to all, and unsubscribes after the last", async () => {
    const ch = channel();
    const a = listener();
    const b = listener();
    const subA = hub.subscribe(ch, a);
    const subB = hub.subscribe(ch, b);
    await Promise.all([subA.ready, subB.ready]);
    expect(await numsub(ch)).toBe(1);
    await publisher.publish(ch, "one");
    await until(() => a.messages.length === 1 && b.messages.length === 1);
    subA.close();
    subA.close();
    await publisher.publish(ch, "two");
    await until(() => b.messages.length === 2);
    expect(a.messages).toEqual(["one"]);
    subB.close();
    await until(async () => (await numsub(ch)) === 0);
    expect(hub.stats()).toMatchObject({ channels: 0, listeners: 0 });
  });

  it("a channel left and joined again at once is subscribed when `ready` says so", async () => {
    const ch = channel();
    const first = hub.subscribe(ch, listener());
    await first.ready;
    first.close(); // UNSUBSCRIBE on its way
    const again = listener();
    const sub = hub.subscribe(ch, again);
    await sub.ready;
    await publisher.publish(ch, "after");
    await until(() => again.messages.length === 1);
    sub.close();
  });

  it("after the connection drops: listeners joined meanwhile wait, everyone is subscribed again, and current ones hear `resumed`", async () => {
    const ch = channel();
    const early = listener();
    const sub = hub.subscribe(ch, early);
    await sub.ready;
    const id = /\bid=(\d+)/.exec(
      ((await publisher.call("CLIENT", "LIST")) as string).split("\n").find((l) => l.includes(` name=${name} `))!,
    )![1]!;
    await publisher.call("CLIENT", "KILL", "ID", id);
    await until(() => !hub.stats().connected);

    const lateChannel = channel();
    const late = listener();
    const lateSub = hub.subscribe(lateChannel, late);
    await Promise.all([lateSub.ready, until(() => early.resumedCount() === 1)]);
    expect(late.resumedCount()).toBe(0);
    await publisher.publish(ch, "back");
    await publisher.publish(lateChannel, "new");
    await until(() => early.messages.length === 1 && late.messages.length === 1);
    expect(await numsub(ch)).toBe(1);
    sub.close();
    lateSub.close();
  });
});
