import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSessionUser } from "../lib/auth/session";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { getPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { notificationRows } from "../lib/factories/notifications";
import { createUser } from "../lib/factories/users";
import { notifyChannel } from "../lib/notifications/notify";
import { closeTrainingQueue } from "../lib/queue/training";
import { createRedis } from "../lib/redis";
import { setWatch } from "../lib/notifications/watch";
import { cancelRun, submitRun } from "../lib/runs/mutations";
import { startWorker, type TWorkerProcess } from "./test-helpers";

/*
 * A run's end reaches its owner from the real worker: runFinished from the success transaction, runFailed from the
 * failure write (worker/training/train-run.ts), each once, each followed by a hint on the owner's channel; the owner's
 * cancel of a running run reaches its watchers (runCanceled from the worker's cancel write), not the owner.
 */

const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-notify-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

const subscriber = createRedis();
let worker: TWorkerProcess;
beforeAll(async () => {
  worker = await startWorker({ QUEUE_PREFIX: prefix, TFJS_BACKEND: "wasm", WORKER_RECONCILE_INTERVAL_MS: "3600000" });
}, 60_000);
afterAll(async () => {
  worker.child.kill("SIGTERM");
  await worker.exited;
  await closeTrainingQueue();
  await subscriber.quit();
});

async function train(owner: TSessionUser, sample: "iris" | "mpg", spec: ReturnType<typeof templateSpec>) {
  const { version } = await createSampleDataset(sample, owner);
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Notify ${sample}`, designedForVersionId: version.id },
    spec,
  });
  return submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
}

const hints: Record<string, unknown[]> = {};
subscriber.on("message", (channel: string, message: string) => (hints[channel] ??= []).push(JSON.parse(message)));

describe("a run's end, from the real worker", () => {
  it("tells the owner once that it finished, and once that another failed, with a hint on their channel", async () => {
    const owner = await createUser();
    await subscriber.subscribe(notifyChannel(owner.id));
    const spec = structuredClone(templateSpec("logisticRegression", 3));
    spec.training.epochs = 3;
    const ok = await train(owner, "iris", spec);
    // Diverges whatever the seed (worker/training.test.ts): fails with runErrors.nanLoss, no retry.
    const diverging = structuredClone(templateSpec("linearRegression", 1));
    diverging.training.optimizer = { type: "sgd", learningRate: 10 };
    diverging.training.epochs = 30;
    diverging.preprocessing = { ...diverging.preprocessing, numericScaling: "none" };
    const bad = await train(owner, "mpg", diverging);

    await expect.poll(async () => (await notificationRows(owner.id)).length, { timeout: 90_000 }).toBe(2);
    const rows = await notificationRows(owner.id);
    const byRun = Object.fromEntries(rows.map((r) => [r.runId, r]));
    expect(byRun[ok.id]).toMatchObject({ type: "runFinished", count: 1, actorIds: [] });
    expect(byRun[bad.id]).toMatchObject({ type: "runFailed", count: 1, values: { error: "runErrors.nanLoss" } });
    const statuses = await getPrisma().run.findMany({
      where: { id: { in: [ok.id, bad.id] } },
      select: { status: true },
    });
    expect(statuses.map((s) => s.status).sort()).toEqual(["FAILED", "SUCCEEDED"]);
    await expect
      .poll(() => (hints[notifyChannel(owner.id)] ?? []).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const latest = rows[0]!.seq;
    expect(hints[notifyChannel(owner.id)]).toContainEqual({ seq: String(latest) });
  }, 180_000);

  it("tells a running run's watcher, not its owner, that the owner canceled it", async () => {
    const [owner, watcher] = await Promise.all([createUser(), createUser()]);
    await subscriber.subscribe(notifyChannel(watcher.id));
    const spec = structuredClone(templateSpec("logisticRegression", 3));
    spec.training.epochs = 400;
    const run = await train(owner, "iris", spec);
    await setWatch(watcher, { kind: "run", id: run.id }, "WATCH");
    const progress = () => getPrisma().run.findUniqueOrThrow({ where: { id: run.id }, select: { epochsDone: true } });
    await expect.poll(async () => (await progress()).epochsDone, { timeout: 60_000, interval: 100 }).toBeGreaterThan(1);
    expect(await cancelRun({ actor: owner, runId: run.id })).toBe("CANCELING");

    await expect.poll(async () => (await notificationRows(watcher.id)).length, { timeout: 30_000 }).toBe(1);
    expect(await notificationRows(watcher.id)).toMatchObject([
      { type: "runCanceled", runId: run.id, count: 1, actorIds: [owner.id] },
    ]);
    expect((await getPrisma().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("CANCELED");
    expect(await notificationRows(owner.id)).toEqual([]);
    await expect.poll(() => (hints[notifyChannel(watcher.id)] ?? []).length, { timeout: 10_000 }).toBe(1);
  }, 120_000);
});
