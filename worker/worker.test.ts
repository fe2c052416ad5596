import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueOptions } from "../lib/queue/connection";
import { createPingQueue } from "../lib/queue/ping";
import { logLines, startWorker, type TWorkerProcess } from "./test-helpers";

// Each test file gets its own queue prefix, so jobs never reach another file's worker.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-worker-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

const queue = createPingQueue();
const events = new QueueEvents("ping", queueOptions());

beforeAll(() => events.waitUntilReady());
afterAll(async () => {
  await events.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
});

describe("worker process", () => {
  let worker: TWorkerProcess;

  it("starts, reports its tfjs backend, and answers a ping job round trip", async () => {
    worker = await startWorker({ QUEUE_PREFIX: prefix });
    const lines = logLines(worker.output());
    const loaded = lines.find((l) => l.msg === "tfjs backend loaded");
    expect(loaded?.backend).toMatch(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/);

    const job = await queue.add("ping", { message: "hello" });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(result).toMatchObject({ reply: "pong: hello", workerPid: expect.any(Number), backend: loaded?.backend });
  });

  it("fails a job with an invalid payload and logs it", async () => {
    const job = await queue.add("ping", { delayMs: -5 } as never, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow();
    await expect
      .poll(() => logLines(worker.output()).some((l) => l.msg === "job failed" && l.jobId === job.id))
      .toBe(true);
  });

  it("on SIGTERM finishes the job in hand, then closes workers, Redis and Prisma in that order", async () => {
    const job = await queue.add("ping", { message: "slow", delayMs: 1500 });
    await expect.poll(async () => await job.getState(), { timeout: 10_000, interval: 25 }).toBe("active");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await job.getState()).toBe("completed");
    const msgs = logLines(worker.output()).map((l) => l.msg);
    const order = ["shutting down", "workers closed", "redis closed", "prisma closed"].map((m) => msgs.indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
