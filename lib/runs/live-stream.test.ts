import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createConfig } from "../configs/mutations";
import { templateSpec } from "../configs/templates";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { createSampleDataset } from "../factories/datasets";
import { createTrainingRun, writeEpoch } from "../factories/runs";
import { SseReader, type TSseEvent } from "../factories/sse";
import { createUser } from "../factories/users";
import { createRedis } from "../redis";
import { loadEnv } from "../env";
import { consume } from "../limits";
import { closeLiveStreams, liveConnectionName, liveStreamStats, openRunStream } from "./live-stream";

const publisher = createRedis();
const admin = createRedis();
/** Runs made here have no queue job: end them, or another test file's worker would re-enqueue and train them. */
const created: string[] = [];

// Each test starts from an idle process, even after a failed one (the next stream makes a new subscriber).
afterEach(closeLiveStreams);

afterAll(async () => {
  await getPrisma().run.updateMany({
    where: { id: { in: created }, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELED", finishedAt: new Date() },
  });
  await publisher.quit();
  await admin.quit();
});

async function setup({ epochs = 0, visibility = "PUBLIC" as "PUBLIC" | "PRIVATE" } = {}) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const { config, revision } = await createConfig({
    actor: owner,
    meta: { title: "Live", designedForVersionId: version.id, visibility },
    spec: templateSpec("logisticRegression", 3),
  });
  const run = await createTrainingRun({
    userId: owner.id,
    configId: config.id,
    configRevisionId: revision.id,
    datasetVersionId: version.id,
    epochsTotal: 100,
    epochs,
  });
  created.push(run.id);
  return { owner, run };
}

// Anonymous, without a trusted proxy: only the per-process cap applies (the caps are tested in the route's tests).
const open = (runId: string, { lastEventId, signal }: { lastEventId?: string; signal?: AbortSignal } = {}) =>
  openRunStream({
    runId,
    viewer: null,
    headers: new Headers(lastEventId ? { "last-event-id": lastEventId } : {}),
    signal,
  });
const publish = (runId: string, event: object) => publisher.publish(`run:${runId}`, JSON.stringify(event));
type TEvent = { type: string; epoch?: number; status?: string; epochs?: { epoch: number }[] };
const data = (events: TSseEvent[]) => events.map((e) => e.data as TEvent);
/** The epochs a client ends up with, in arrival order: a snapshot's, then each epoch event's. */
const epochsSeen = (events: TSseEvent[]) =>
  data(events).flatMap((e) =>
    e.type === "snapshot" ? e.epochs!.map((x) => x.epoch) : e.type === "epoch" ? [e.epoch!] : [],
  );
const idle = () =>
  liveStreamStats().streams === 0 &&
  liveStreamStats().listeners === 0 &&
  liveStreamStats().channels === 0 &&
  liveStreamStats().slots.open === 0;
const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setImmediate(r));
  }
};
const subscribers = async (runId: string) =>
  Number(((await admin.call("PUBSUB", "NUMSUB", `run:${runId}`)) as [string, number])[1]);

describe("live progress streams", () => {
  it("sends a snapshot with an id, then live epochs, and ends at the terminal status, leaving nothing open", async () => {
    const { run } = await setup({ epochs: 2 });
    const reader = new SseReader(await open(run.id));
    await reader.until((e) => e.length === 1);
    expect(reader.events[0]).toMatchObject({
      id: "1-2",
      data: { type: "snapshot", status: "RUNNING", epochsTotal: 100, epochs: [{ epoch: 1 }, { epoch: 2 }] },
    });
    expect(await subscribers(run.id)).toBe(1);

    await writeEpoch(run.id, 3, publisher);
    await reader.until((e) => e.length === 2);
    expect(reader.events[1]).toMatchObject({
      id: "1-3",
      data: { type: "epoch", epoch: 3, epochsTotal: 100, etaSeconds: 5 },
    });

    await getPrisma().run.update({ where: { id: run.id }, data: { status: "SUCCEEDED" } });
    await publish(run.id, { type: "status", status: "SUCCEEDED" });
    await reader.ended();
    expect(data(reader.events).at(-1)).toEqual({ type: "status", status: "SUCCEEDED", error: null });
    expect(idle()).toBe(true);
    await waitFor(async () => (await subscribers(run.id)) === 0);
  });

  it("a finished run: the snapshot, then the stream ends at once", async () => {
    const { run } = await setup({ epochs: 3 });
    await getPrisma().run.update({ where: { id: run.id }, data: { status: "FAILED", error: "runErrors.wallTime" } });
    const reader = new SseReader(await open(run.id));
    await reader.ended();
    expect(data(reader.events)).toMatchObject([
      {
        type: "snapshot",
        status: "FAILED",
        error: "runErrors.wallTime",
        epochs: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }],
      },
    ]);
    expect(idle()).toBe(true);
  });

  it("Last-Event-ID resumes from PostgreSQL with exactly the missing epochs, then goes live without duplicates", async () => {
    const { run } = await setup({ epochs: 5 });
    const reader = new SseReader(await open(run.id, { lastEventId: "1-2" }));
    await reader.until((e) => e.length === 3);
    expect(reader.events.map((e) => [e.id, (e.data as TEvent).type, (e.data as TEvent).epoch])).toEqual([
      ["1-3", "epoch", 3],
      ["1-4", "epoch", 4],
      ["1-5", "epoch", 5],
    ]);
    // A duplicate of an epoch the client has (a worker retrying a publish) is not sent again.
    await publish(run.id, { type: "epoch", attempt: 1, epoch: 5, trainLoss: 0.2, epochsTotal: 100, etaSeconds: 1 });
    await writeEpoch(run.id, 6, publisher);
    await reader.until((e) => e.length === 4);
    expect(epochsSeen(reader.events)).toEqual([3, 4, 5, 6]);

    // Up to date already: nothing until the next epoch. A finished run resumed: the missing epochs, then its status.
    const current = new SseReader(await open(run.id, { lastEventId: "1-6" }));
    await getPrisma().run.update({ where: { id: run.id }, data: { status: "CANCELED" } });
    await writeEpoch(run.id, 7, null);
    const late = new SseReader(await open(run.id, { lastEventId: "1-5" }));
    await late.ended();
    expect(data(late.events)).toMatchObject([
      { type: "epoch", epoch: 6 },
      { type: "epoch", epoch: 7 },
      { type: "status", status: "CANCELED" },
    ]);
    expect(current.events).toEqual([]);
    await publish(run.id, { type: "status", status: "CANCELED" });
    await Promise.all([reader.ended(), current.ended()]);
    expect(idle()).toBe(true);
  });

  it("an id from another attempt, a malformed one or one ahead of the database gets a full snapshot", async () => {
    const { run } = await setup({ epochs: 4 });
    for (const lastEventId of ["0-3", "2-1", "garbage", "1-9", "1-3; DROP TABLE"]) {
      const reader = new SseReader(await open(run.id, { lastEventId }));
      await reader.until((e) => e.length === 1);
      expect(reader.events[0]).toMatchObject({
        id: "1-4",
        data: { type: "snapshot", epochs: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }, { epoch: 4 }] },
      });
      await reader.cancel();
    }
    await waitFor(idle);
  });

  it("a new attempt resets the client; stale events from an older attempt are dropped", async () => {
    const { run } = await setup({ epochs: 3 });
    const reader = new SseReader(await open(run.id));
    await reader.until((e) => e.length === 1);
    await publish(run.id, { type: "status", status: "RUNNING", attempt: 1 }); // the attempt the snapshot already shows
    await publish(run.id, { type: "status", status: "RUNNING", attempt: 2 });
    await publish(run.id, { type: "epoch", attempt: 1, epoch: 4, trainLoss: 0.5, epochsTotal: 100, etaSeconds: 3 });
    await publish(run.id, { type: "epoch", attempt: 2, epoch: 1, trainLoss: 0.9, epochsTotal: 100, etaSeconds: 9 });
    await reader.until((e) => e.length === 3);
    expect(
      reader.events
        .slice(1)
        .map((e) => [e.id, (e.data as TEvent).type, (e.data as TEvent).status ?? (e.data as TEvent).epoch]),
    ).toEqual([
      ["2-0", "status", "RUNNING"],
      ["2-1", "epoch", 1],
    ]);
    await reader.cancel();
    await waitFor(idle);
  });

  it("forwards only the fields it knows: no metrics travel, and malformed messages are dropped", async () => {
    const { run } = await setup();
    const reader = new SseReader(await open(run.id));
    await reader.until((e) => e.length === 1);
    expect(JSON.stringify(reader.events[0]!.data)).not.toMatch(/metrics|testPrivate/);
    await publisher.publish(`run:${run.id}`, "not json");
    await publish(run.id, { type: "epoch", epoch: "one" });
    await publish(run.id, {
      type: "epoch",
      attempt: 1,
      epoch: 1,
      trainLoss: 0.4,
      epochsTotal: 100,
      etaSeconds: 2,
      metrics: { testPrivate: { accuracy: 0.99 } },
    });
    await publish(run.id, { type: "status", status: "SUCCEEDED", metrics: { testPrivate: { accuracy: 0.99 } } });
    await reader.ended();
    expect(reader.events).toHaveLength(3);
    expect(JSON.stringify(reader.events)).not.toMatch(/metrics|testPrivate|0\.99/);
  });

  it("no gap and no duplicate while epochs are written during the catch-up: every client sees each epoch once, in order", async () => {
    const { run } = await setup();
    const EPOCHS = 60;
    const readers: SseReader[] = [];
    const training = (async () => {
      for (let epoch = 1; epoch <= EPOCHS; epoch++) await writeEpoch(run.id, epoch, publisher);
    })();
    // Clients arrive throughout training, some resuming from an id they were given earlier.
    while (readers.length < 30) {
      const done = (await getPrisma().run.findUniqueOrThrow({ where: { id: run.id } })).epochsDone;
      const resume = readers.length % 3 === 2 && done > 1 ? { lastEventId: `1-${done - 1}` } : {};
      readers.push(new SseReader(await open(run.id, resume)));
    }
    await training;
    await getPrisma().run.update({ where: { id: run.id }, data: { status: "SUCCEEDED" } });
    await publish(run.id, { type: "status", status: "SUCCEEDED" });
    for (const reader of readers) {
      await reader.ended();
      const seen = epochsSeen(reader.events);
      const first = seen[0] ?? EPOCHS + 1;
      const snapshot = (reader.events[0]?.data as TEvent).type === "snapshot";
      // From the first epoch (snapshot) or the resume point on, every epoch exactly once and in order.
      expect(seen).toEqual(Array.from({ length: EPOCHS - first + 1 }, (_, i) => first + i));
      if (snapshot) expect(first).toBe(1);
      expect(data(reader.events).at(-1)).toMatchObject({ type: "status", status: "SUCCEEDED" });
    }
    expect(idle()).toBe(true);
  });

  it("after a lost Redis connection it subscribes again and catches up from PostgreSQL what was published meanwhile", async () => {
    const { run } = await setup({ epochs: 1 });
    const reader = new SseReader(await open(run.id));
    await reader.until((e) => e.length === 1);
    const list = (await admin.call("CLIENT", "LIST")) as string;
    const ours = list.split("\n").filter((line) => line.includes(` name=${liveConnectionName()} `));
    expect(ours).toHaveLength(1);
    // Written and never published (their events lost with the connection): only the catch-up can deliver them.
    await writeEpoch(run.id, 2, null);
    await writeEpoch(run.id, 3, null);
    await admin.call("CLIENT", "KILL", "ID", /\bid=(\d+)/.exec(ours[0]!)![1]!);
    await reader.until((e) => epochsSeen(e).includes(3));
    await writeEpoch(run.id, 4, publisher); // and live again
    await reader.until((e) => epochsSeen(e).includes(4));
    expect(epochsSeen(reader.events)).toEqual([1, 2, 3, 4]);
    expect(reader.events.map((e) => e.id)).toEqual(["1-1", "1-2", "1-3", "1-4"]);
    await reader.cancel();
    await waitFor(idle);
  });

  it("a run the viewer may not see is not found, and nothing stays subscribed or counted", async () => {
    const { run } = await setup({ visibility: "PRIVATE" });
    const error = await open(run.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
    expect(await open("../../etc").catch((e: AppError) => e.code)).toBe("NOT_FOUND");
    expect(idle()).toBe(true);
    expect(await subscribers(run.id)).toBe(0);
  });

  it("a client that leaves (abort) frees its slot, its listener and its heartbeat", async () => {
    const { run } = await setup();
    const controller = new AbortController();
    const reader = new SseReader(await open(run.id, { signal: controller.signal }));
    await reader.until((e) => e.length === 1);
    expect(liveStreamStats()).toMatchObject({ streams: 1, listeners: 1, channels: 1, slots: { open: 1 } });
    controller.abort();
    await reader.ended();
    expect(idle()).toBe(true);
    await waitFor(async () => (await subscribers(run.id)) === 0);
  });

  it("limits how often one user opens streams (RATE_LIMIT_SSE): over it, 429 with a retry time and nothing opened", async () => {
    const { owner, run } = await setup();
    const { points } = loadEnv().RATE_LIMIT_SSE;
    await consume("sse", `user:${owner.id}`, points - 1); // all but the last connection of this window already used
    const reader = new SseReader(await openRunStream({ runId: run.id, viewer: owner, headers: new Headers() }));
    await reader.until((e) => e.length === 1);
    const refused = await openRunStream({ runId: run.id, viewer: owner, headers: new Headers() }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect((refused as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(liveStreamStats().streams).toBe(1);
    await reader.cancel();
  });
});
