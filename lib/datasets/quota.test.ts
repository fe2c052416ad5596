import { afterAll, describe, expect, it, vi } from "vitest";

// Before anything reads the environment (loadEnv caches it): a quota small enough for the sample files.
const QUOTA = 20_000;
vi.hoisted(() => {
  process.env.USER_STORAGE_QUOTA_BYTES = "20000";
});
afterAll(() => {
  delete process.env.USER_STORAGE_QUOTA_BYTES;
});

import { getPrisma } from "../db";
import { loadEnv } from "../env";
import { createDatasetFrom, createSampleDataset, imageZip, sampleBytes, stageBytes } from "../factories/datasets";
import { ownedDatasetRows, scratchFiles, storedBlobs } from "../factories/storage";
import { createUser } from "../factories/users";
import { DatasetInputError } from "./errors";
import { addDatasetVersion } from "./mutations";
import { storageUsage, storageUsedBytes } from "./quota";

/** A distinct CSV of about `bytes` bytes. */
function csvOf(bytes: number, tag: string) {
  const lines = ["a,b,label"];
  for (let i = 0; lines.join("\n").length < bytes; i++) lines.push(`${i},${tag}${i % 13},${i % 2 ? "x" : "y"}`);
  return `${lines.join("\n")}\n`;
}

describe("per-user storage quota", () => {
  it("counts each stored blob once per user, and refuses an upload that would exceed the quota, saying used of limit, storing nothing", async () => {
    expect(loadEnv().USER_STORAGE_QUOTA_BYTES).toBe(QUOTA);
    const owner = await createUser();
    const iris = sampleBytes("iris");
    const { dataset } = await createSampleDataset("iris", owner);
    // The same file again as version 2: one blob, counted once.
    await addDatasetVersion({
      actor: owner,
      datasetId: dataset.id,
      message: "same",
      upload: { staged: await stageBytes(iris), fileName: "iris.csv" },
    });
    expect(await storageUsage(owner.id)).toEqual({ usedBytes: iris.length, limitBytes: QUOTA });
    await createSampleDataset("penguins", owner);
    const used = iris.length + sampleBytes("penguins").length;
    expect(await storageUsedBytes(owner.id)).toBe(used);

    const rowsBefore = await ownedDatasetRows(owner.id);
    const blobsBefore = await storedBlobs();
    const mpg = sampleBytes("mpg");
    const refused = await createSampleDataset("mpg", owner).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatasetInputError);
    expect((refused as DatasetInputError).key).toBe("quota.exceeded");
    expect((refused as DatasetInputError).values).toEqual({
      used: "17 KB",
      limit: "20 KB",
      size: "21 KB",
      usedBytes: used,
      limitBytes: QUOTA,
      sizeBytes: mpg.length,
    });
    // A new version of an existing dataset is held to the same quota.
    const asVersion = await addDatasetVersion({
      actor: owner,
      datasetId: dataset.id,
      upload: { staged: await stageBytes(mpg), fileName: "mpg.csv" },
    }).catch((e: DatasetInputError) => e.key);
    expect(asVersion).toBe("quota.exceeded");
    expect(await ownedDatasetRows(owner.id)).toEqual(rowsBefore);
    expect(await storedBlobs()).toEqual(blobsBefore);
    expect((await scratchFiles()).filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(await storageUsedBytes(owner.id)).toBe(used);

    // Other users have their own quota.
    const other = await createUser();
    await createSampleDataset("mpg", other).catch(() => {}); // 21 KB alone is over 20,000 bytes too
    expect((await createDatasetFrom(csvOf(5_000, "o"), {}, other)).version.number).toBe(1);
  });

  it("lets only one of two concurrent uploads take the last room", async () => {
    const owner = await createUser();
    await createSampleDataset("iris", owner);
    const results = await Promise.allSettled([
      createDatasetFrom(csvOf(9_000, "p"), {}, owner),
      createDatasetFrom(csvOf(9_000, "q"), {}, owner),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as DatasetInputError).key).toBe("quota.exceeded");
    expect(await storageUsedBytes(owner.id)).toBeLessThanOrEqual(QUOTA);
    expect((await ownedDatasetRows(owner.id)).datasets).toBe(2);
  });

  it("counts an image version's packed data as well as its zip", async () => {
    const owner = await createUser();
    const zip = await imageZip({ a: [200, 0, 0], b: [0, 0, 200] }, 4);
    const { version } = await createDatasetFrom(
      zip,
      { kind: "IMAGE", fileName: "ab.zip", imageSize: 28, imageChannels: 1 },
      owner,
    );
    const row = await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect(row.dataKey).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(row.dataSizeBytes)).toBeGreaterThan(8 * 28 * 28);
    expect(await storageUsedBytes(owner.id)).toBe(zip.length + Number(row.dataSizeBytes));
  });
});
