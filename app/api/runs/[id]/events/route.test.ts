import { readdir, readFile, readlink } from "node:fs/promises";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TSessionUser } from "@/lib/auth/session";
import { createConfig } from "@/lib/configs/mutations";
import { templateSpec } from "@/lib/configs/templates";
import { getPrisma } from "@/lib/db";
import { createSampleDataset } from "@/lib/factories/datasets";
import { createTrainingRun, writeEpoch } from "@/lib/factories/runs";
import { SseReader } from "@/lib/factories/sse";
import { createUser } from "@/lib/factories/users";
import { createRedis } from "@/lib/redis";
import { closeLiveStreams, liveConnectionName, liveStreamStats } from "@/lib/runs/live-stream";

// The route handler itself, with the session replaced: next-auth needs a real request context. Behind one trusted
// proxy, so that X-Forwarded-For tells clients apart (before anything reads the environment).
const session = vi.hoisted(() => {
  process.env.TRUST_PROXY = "1";
  return { user: null as TSessionUser | null };
});
vi.mock("../../../../_server/auth", () => ({ currentUser: async () => session.user }));
const { GET } = await import("./route");

const publisher = createRedis();
const admin = createRedis();
/** Runs made here have no queue job: end them, or another test file's worker would re-enqueue and train them. */
const created: string[] = [];

beforeEach(() => {
  session.user = null;
});

afterAll(async () => {
  await getPrisma().run.updateMany({
    where: { id: { in: created }, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELED", finishedAt: new Date() },
  });
  await closeLiveStreams();
  await publisher.quit();
  await admin.quit();
});

async function publicRun(epochs = 2) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const { config, revision } = await createConfig({
    actor: owner,
    meta: { title: "Live", designedForVersionId: version.id },
    spec: templateSpec("logisticRegression", 3),
  });
  const run = await createTrainingRun({
    userId: owner.id,
    configId: config.id,
    configRevisionId: revision.id,
    datasetVersionId: version.id,
    epochsTotal: 50,
    epochs,
  });
  created.push(run.id);
  return { owner, run };
}

const get = (runId: string, headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/runs/${runId}/events`, { headers }), {
    params: Promise.resolve({ id: runId }),
  });

/** TCP connections from this very process to Redis (Linux): proof that no stream opened a connection of its own. */
async function redisSocketsOfThisProcess(): Promise<number> {
  const port = Number(new URL(process.env.REDIS_URL!).port || 6379);
  const inodes = new Set<string>();
  for (const fd of await readdir("/proc/self/fd")) {
    const link = await readlink(`/proc/self/fd/${fd}`).catch(() => "");
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  let count = 0;
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    for (const line of (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (
        cols.length > 9 &&
        parseInt(cols[2]!.split(":").at(-1)!, 16) === port &&
        cols[3] === "01" &&
        inodes.has(cols[9]!)
      )
        count++;
    }
  }
  return count;
}

const namedSubscribers = async () =>
  ((await admin.call("CLIENT", "LIST")) as string)
    .split("\n")
    .filter((l) => l.includes(` name=${liveConnectionName()} `)).length;
const channelSubscribers = async (runId: string) =>
  Number(((await admin.call("PUBSUB", "NUMSUB", `run:${runId}`)) as [string, number])[1]);
const waitFor = async (condition: () => boolean) => {
  const end = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met in time: ${JSON.stringify(liveStreamStats())}`);
    await new Promise((r) => setImmediate(r));
  }
};

describe("GET /api/runs/[id]/events", () => {
  it("200 concurrent streams on one run share one Redis subscriber; each event reaches all of them; all end with the run", async () => {
    const { run } = await publicRun(2);
    const first = new SseReader(await get(run.id, { "x-forwarded-for": "10.2.0.0" }));
    await first.until((e) => e.length === 1);
    const socketsWithOne = await redisSocketsOfThisProcess();

    const responses = await Promise.all(
      Array.from({ length: 199 }, (_, i) => get(run.id, { "x-forwarded-for": `10.2.${1 + (i >> 8)}.${i & 255}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(199).fill(200));
    expect(responses[0]!.headers.get("content-type")).toBe("text/event-stream");
    const readers = [first, ...responses.map((r) => new SseReader(r))];
    await Promise.all(readers.map((r) => r.until((e) => e.length === 1)));
    expect(readers.every((r) => (r.events[0]!.data as { type: string }).type === "snapshot")).toBe(true);

    expect(socketsWithOne).toBeGreaterThanOrEqual(3); // publisher, admin, the subscriber
    expect(await redisSocketsOfThisProcess()).toBe(socketsWithOne);
    expect(await channelSubscribers(run.id)).toBe(1);
    expect(await namedSubscribers()).toBe(1);
    expect(liveStreamStats()).toMatchObject({ streams: 200, channels: 1, listeners: 200 });

    // Fan-out: each event published once reaches every stream, once.
    await writeEpoch(run.id, 3, publisher);
    await writeEpoch(run.id, 4, publisher);
    await Promise.all(readers.map((r) => r.until((e) => e.length === 3)));
    for (const reader of readers)
      expect(reader.events.slice(1).map((e) => [e.id, (e.data as { epoch: number }).epoch])).toEqual([
        ["1-3", 3],
        ["1-4", 4],
      ]);

    await getPrisma().run.update({ where: { id: run.id }, data: { status: "SUCCEEDED" } });
    await publisher.publish(`run:${run.id}`, JSON.stringify({ type: "status", status: "SUCCEEDED" }));
    await Promise.all(readers.map((r) => r.ended()));
    expect(readers.every((r) => (r.events.at(-1)!.data as { status: string }).status === "SUCCEEDED")).toBe(true);
    expect(liveStreamStats()).toMatchObject({ streams: 0, channels: 0, listeners: 0, slots: { open: 0 } });
    expect(await channelSubscribers(run.id)).toBe(0);
  });

  it("caps streams per IP (20) and per user (10): 429 with Retry-After, before anything is opened; a closed stream frees its slot", async () => {
    const { run } = await publicRun();
    const ip = { "x-forwarded-for": "10.3.0.1" };
    const held = await Promise.all(Array.from({ length: 20 }, () => get(run.id, ip)));
    expect(held.map((r) => r.status)).toEqual(Array(20).fill(200));
    const readers = held.map((r) => new SseReader(r));
    const before = liveStreamStats();

    const refused = await get(run.id, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(await refused.json()).toEqual({ error: { code: "RATE_LIMITED", limit: "liveStreams", retryAfter: 30 } });
    expect(liveStreamStats()).toEqual(before);
    expect((await get(run.id, { "x-forwarded-for": "10.3.0.2" })).status).toBe(200); // another address is not affected

    await readers[0]!.cancel();
    await waitFor(() => liveStreamStats().slots.open === before.slots.open); // 19 from 10.3.0.1 + the one from 10.3.0.2
    expect((await get(run.id, ip)).status).toBe(200);

    session.user = await createUser();
    const mine = await Promise.all(
      Array.from({ length: 10 }, (_, i) => get(run.id, { "x-forwarded-for": `10.4.0.${i}` })),
    );
    expect(mine.map((r) => r.status)).toEqual(Array(10).fill(200));
    const over = await get(run.id, { "x-forwarded-for": "10.4.1.1" });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("30");
    [...readers, ...mine.map((r) => new SseReader(r))].forEach((r) => void r.cancel());
  });

  it("answers 404 for a run the viewer may not see, and 404 for an unknown id", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const { config, revision } = await createConfig({
      actor: owner,
      meta: { title: "Hidden", designedForVersionId: version.id },
      spec: templateSpec("logisticRegression", 3),
    });
    const run = await createTrainingRun({
      userId: owner.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
    });
    created.push(run.id);
    expect((await get(run.id)).status).toBe(404);
    session.user = await createUser();
    expect((await get(run.id)).status).toBe(404);
    expect((await get("nope")).status).toBe(404);
    session.user = owner;
    const response = await get(run.id);
    expect(response.status).toBe(200);
    await response.body!.cancel();
  });
});
