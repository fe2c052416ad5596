import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "../lib/db";
import { IMAGE_INLINE_MAX_FILES } from "../lib/datasets/image-versions";
import { readImageHeader } from "../lib/datasets/images";
import { getSplitAssignments } from "../lib/datasets/queries";
import { SPLIT } from "../lib/datasets/split";
import { storageUsedBytes } from "../lib/datasets/quota";
import { createConfigFrom } from "../lib/factories/configs";
import { createDatasetFrom, solidPng } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { makeZip, type TZipEntry } from "../lib/factories/zip";
import { closeDecodeQueue, getDecodeQueue } from "../lib/queue/decode";
import { submitRun } from "../lib/runs/mutations";
import { getBlobStore } from "../lib/storage";
import { startWorker, type TWorkerProcess } from "./test-helpers";

// Own queue prefix: only this file's worker sees these jobs.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-decode-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

/** A zip with more images than the request decodes itself: two classes of tiny PNGs, optionally one broken file. */
async function largeZip({ broken }: { broken?: string } = {}) {
  const red = await solidPng([220, 30, 30]);
  const blue = await solidPng([30, 30, 220]);
  const entries: TZipEntry[] = [];
  const perClass = Math.ceil((IMAGE_INLINE_MAX_FILES + 1) / 2);
  for (let i = 0; i < perClass; i++)
    entries.push(
      { name: `red/${String(i).padStart(4, "0")}.png`, data: red },
      { name: `blue/${String(i).padStart(4, "0")}.png`, data: blue },
    );
  if (broken) entries.push({ name: broken, data: Buffer.from("not a png at all") });
  return { zip: makeZip(entries), count: entries.length };
}

let worker: TWorkerProcess | undefined;
afterAll(async () => {
  worker?.child.kill("SIGTERM");
  await worker?.exited;
  await closeDecodeQueue();
});

const versionRow = (id: string) => getPrisma().datasetVersion.findUniqueOrThrow({ where: { id } });

describe("large image zips are decoded by the worker (issue 12 item 5)", () => {
  it("the upload only checks the zip's directory; the version is not trainable until the worker has decoded it with progress", async () => {
    const owner = await createUser();
    const { zip, count } = await largeZip();
    const { version } = await createDatasetFrom(
      zip,
      { kind: "IMAGE", fileName: "colours.zip", imageSize: 28, imageChannels: 3 },
      owner,
    );
    const pending = await versionRow(version.id);
    // Everything but the pixels is known from the central directory, the split included.
    expect(pending).toMatchObject({
      profileStatus: "PENDING",
      dataKey: null,
      rowCount: count,
      classes: ["blue", "red"],
    });
    const split = await getSplitAssignments(version.id);
    expect(split.length).toBe(count);
    // Its packed size is reserved in the quota while it waits.
    expect(Number(pending.dataSizeBytes)).toBeGreaterThan(count * 28 * 28 * 3);
    expect(await storageUsedBytes(owner.id)).toBe(zip.length + Number(pending.dataSizeBytes));

    const { revision } = await createConfigFrom("smallCnn", {}, owner, 2);
    const refused = await submitRun({
      actor: owner,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
    }).catch((e: { fieldErrors?: unknown }) => e.fieldErrors);
    expect(refused).toEqual({ run: "run.datasetNotReady" });

    worker = await startWorker({ QUEUE_PREFIX: prefix });
    await expect
      .poll(async () => (await versionRow(version.id)).profileStatus, { timeout: 60_000, interval: 200 })
      .toBe("DONE");
    const done = await versionRow(version.id);
    expect(done.profileProgress).toBe(100);
    // The job published its progress as it went (the page polls the row; the job's progress is the same number).
    const job = await getDecodeQueue().getJob(`decode-${version.id}`);
    expect(job?.progress).toEqual(expect.any(Number));
    expect(done.dataKey).toMatch(/^[0-9a-f]{64}$/);
    // The public class balance leaves out the private test half (images sort by name: blue's first, then red's).
    const shown = (from: number, to: number) => split.subarray(from, to).filter((s) => s !== SPLIT.TEST_PRIVATE).length;
    const balance = [
      { value: "blue", count: shown(0, count / 2) },
      { value: "red", count: shown(count / 2, count) },
    ].sort((a, b) => b.count - a.count);
    expect((done.profile as { target: { classBalance: unknown } }).target.classBalance).toEqual(balance);
    expect(shown(0, count)).toBeLessThan(count);
    // The packed file holds every image; its size is what the quota reserved, and the split is the one fixed at upload.
    const packed = await getBlobStore().localPath(done.dataKey!);
    const { header } = await readImageHeader(packed);
    expect(header).toMatchObject({ width: 28, height: 28, channels: 3, count, classes: ["blue", "red"] });
    expect(Number(done.dataSizeBytes)).toBe(Number(pending.dataSizeBytes));
    expect(await getSplitAssignments(version.id)).toEqual(split);
  }, 120_000);

  it("a zip with an image that does not decode fails with a message naming the file, and stops counting its packed size", async () => {
    const owner = await createUser();
    const { zip } = await largeZip({ broken: "red/zz-broken.png" });
    const { version } = await createDatasetFrom(zip, { kind: "IMAGE", fileName: "broken.zip" }, owner);
    // Left to the worker, not decoded in the upload (the previous test's worker may already have taken the job).
    const queued = await versionRow(version.id);
    expect(queued.dataKey).toBeNull();
    expect(["PENDING", "RUNNING"]).toContain(queued.profileStatus);
    worker ??= await startWorker({ QUEUE_PREFIX: prefix });
    await expect
      .poll(async () => (await versionRow(version.id)).profileStatus, { timeout: 60_000, interval: 200 })
      .toBe("FAILED");
    const failed = await versionRow(version.id);
    expect(failed).toMatchObject({
      profileError: "zip.badImage",
      profileErrorValues: { name: "red/zz-broken.png" },
      dataKey: null,
      dataSizeBytes: null,
    });
    expect(await storageUsedBytes(owner.id)).toBe(zip.length);
  }, 120_000);
});
