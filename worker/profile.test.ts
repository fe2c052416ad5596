import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { createDatasetFrom } from "../lib/factories/datasets";
import { PROFILE_INLINE_MAX_BYTES } from "../lib/datasets/mutations";
import type { TTabularProfile } from "../lib/datasets/ingest";
import { getSplitAssignments } from "../lib/datasets/queries";
import { SPLIT } from "../lib/datasets/split";
import { closeProfileQueue } from "../lib/queue/profile";
import { startWorker, type TWorkerProcess } from "./test-helpers";

// Own queue prefix: only this file's worker sees these jobs.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-profile-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

/** A CSV just over the inline limit, so the worker profiles it. */
function bigCsv(): string {
  const lines = ["id,x,y,group,label"];
  let size = 0;
  for (let i = 0; size < PROFILE_INLINE_MAX_BYTES * 1.3; i++) {
    const line = `${i},${(i % 997) / 10},${Math.sin(i).toFixed(6)},g${i % 7},${i % 3 === 0 ? "yes" : "no"}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

let worker: TWorkerProcess | undefined;
afterAll(async () => {
  worker?.child.kill("SIGTERM");
  await worker?.exited;
  await closeProfileQueue();
});

async function waitForProfile(versionId: string) {
  await expect
    .poll(
      async () => (await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: versionId } })).profileStatus,
      { timeout: 60_000, interval: 200 },
    )
    .toBe("DONE");
  return getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
}

describe("profile job (worker)", () => {
  it("profiles a large upload in the worker, and the reconciler enqueues versions whose job never reached Redis", async () => {
    const csv = bigCsv();
    // Uploaded before any worker runs: the job waits in the queue.
    const queued = await createDatasetFrom(csv);
    expect(queued.version.profileStatus).toBe("PENDING");

    // A second upload "while Redis was down": its job is never enqueued on this prefix.
    process.env.QUEUE_PREFIX = `${prefix}-lost`;
    await closeProfileQueue();
    const lost = await createDatasetFrom(csv);
    process.env.QUEUE_PREFIX = prefix;
    await getPrisma().datasetVersion.update({
      where: { id: lost.version.id },
      data: { createdAt: new Date(Date.now() - 120_000) },
    });

    worker = await startWorker({ QUEUE_PREFIX: prefix });
    const done = await waitForProfile(queued.version.id);
    expect(done.profileProgress).toBe(100);
    const profile = done.profile as TTabularProfile;
    // The public profile leaves out the private test half's rows.
    const split = await getSplitAssignments(queued.version.id);
    expect(profile.rowCount).toBe(done.rowCount - split.filter((s) => s === SPLIT.TEST_PRIVATE).length);
    expect(profile.columns.map((c) => c.type)).toEqual(["numeric", "numeric", "numeric", "categorical", "boolean"]);
    expect(profile.columns[1]!.numeric!.max).toBe(99.6);
    expect(profile.target.classBalance?.map((b) => b.value).sort()).toEqual(["no", "yes"]);

    // Its job never reached any live queue, so only a reconciler can have enqueued it (this
    // worker's, or another test file's worker sharing the database: both are correct behaviour).
    await waitForProfile(lost.version.id);
  });
});
