import { rm } from "node:fs/promises";
import { getPrisma, type TPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getBlobStore, scratchDir } from "../storage";
import { DatasetInputError } from "./errors";
import { imageProfile } from "./image-versions";
import { ingestImageZip } from "./images";
import { versionProgress } from "./job-progress";

/**
 * The worker's side of a large image upload: decodes, resizes and packs the
 * stored zip with progress, then records the packed data (the version becomes
 * trainable) or the failure with its message. Idempotent: a version that has
 * its packed data is left alone, so a retried job never writes twice.
 */
export async function runDecodeJob(
  { versionId, onProgress }: { versionId: string; onProgress?: (percent: number) => Promise<void> | void },
  db: TPrisma = getPrisma(),
): Promise<"done" | "skipped" | "missing"> {
  const version = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: { id: true, sha256: true, format: true, rowCount: true, classes: true, dataKey: true },
  });
  if (!version) return "missing"; // deleted while queued: nothing to do
  const format = version.format as { kind?: string; width: number; height: number; channels: 1 | 3 };
  if (version.dataKey || format.kind !== "images") return "skipped";
  await db.datasetVersion.update({
    where: { id: versionId },
    data: { profileStatus: "RUNNING", profileError: null, profileErrorValues: Prisma.DbNull },
  });

  const store = getBlobStore();
  const progress = versionProgress(versionId, onProgress, db);
  let dataKey: string | null = null;
  try {
    const images = await ingestImageZip({
      filePath: await store.localPath(version.sha256),
      sha256: version.sha256,
      size: format.width,
      channels: format.channels,
      workDir: await scratchDir(),
      onProgress: (done, total) => progress.report(Math.min(99, Math.floor((done / total) * 100))),
    });
    // The split was fixed at upload from the zip's directory; a decoder that read the layout differently
    // (say, a release that changed which files count) must not pair those assignments with other images.
    if (images.rowCount !== version.rowCount || JSON.stringify(images.classes) !== JSON.stringify(version.classes)) {
      await rm(images.packedPath, { force: true });
      throw new Error("the decoded images do not match the layout recorded at upload");
    }
    const stored = await store.putFile(images.packedPath);
    dataKey = stored.key;
    await progress.settled();
    await db.datasetVersion.update({
      where: { id: versionId },
      data: {
        dataKey,
        dataSizeBytes: BigInt(stored.sizeBytes),
        profile: imageProfile(
          { kind: "images", width: format.width, height: format.height, channels: format.channels },
          images.classCounts,
        ),
        profileStatus: "DONE",
        profileProgress: 100,
        profileError: null,
        profileErrorValues: Prisma.DbNull,
      },
    });
    return "done";
  } catch (error) {
    // Packed data no row refers to is removed again: nothing half-stored.
    if (dataKey && !(await db.datasetVersion.count({ where: { dataKey } }).catch(() => 1)))
      await store.remove(dataKey).catch(() => {});
    // Bad data is final (no retry): its packed data will never exist, so the quota stops counting it.
    const failure =
      error instanceof DatasetInputError
        ? { profileError: error.key, profileErrorValues: error.values, dataSizeBytes: null }
        : { profileError: "decode.failed", profileErrorValues: Prisma.DbNull };
    await db.datasetVersion.update({ where: { id: versionId }, data: { profileStatus: "FAILED", ...failure } });
    throw error;
  }
}

/** Image versions whose decode job was never enqueued or got lost (e.g. Redis was down at upload). */
export async function pendingDecodeVersionIds(olderThanMs = 30_000, db: TPrisma = getPrisma()) {
  const rows = await db.datasetVersion.findMany({
    where: {
      dataKey: null,
      profileStatus: { in: ["PENDING", "RUNNING"] },
      createdAt: { lt: new Date(Date.now() - olderThanMs) },
      dataset: { kind: "IMAGE" },
    },
    select: { id: true },
    take: 500,
  });
  return rows.map((r) => r.id);
}
