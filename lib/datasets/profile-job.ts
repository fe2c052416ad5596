import { getPrisma, type TPrisma } from "../db";
import { getBlobStore } from "../storage";
import type { TCsvFormat } from "./csv";
import { DatasetInputError } from "./errors";
import { profileTabular } from "./ingest";

/**
 * The worker's side of profiling: computes the full profile of a stored CSV
 * version with progress, and records the result or the failure. Idempotent:
 * a version already DONE is left alone, so a retried job never writes twice.
 */
export async function runProfileJob(
  { versionId, onProgress }: { versionId: string; onProgress?: (percent: number) => Promise<void> | void },
  db: TPrisma = getPrisma(),
): Promise<"done" | "skipped" | "missing"> {
  const version = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: { id: true, sha256: true, sizeBytes: true, format: true, targetColumn: true, taskType: true, profileStatus: true },
  });
  if (!version) return "missing"; // deleted while queued: nothing to do
  if (version.profileStatus === "DONE") return "skipped";
  await db.datasetVersion.update({ where: { id: versionId }, data: { profileStatus: "RUNNING", profileError: null } });

  const total = Number(version.sizeBytes) || 1;
  let lastPercent = -1;
  let lastWrite = 0;
  let progressWrite: Promise<unknown> = Promise.resolve();
  try {
    const profile = await profileTabular({
      filePath: await getBlobStore().localPath(version.sha256),
      format: version.format as unknown as TCsvFormat,
      targetColumn: version.targetColumn,
      taskType: version.taskType,
      onProgress: (bytes) => {
        const percent = Math.min(99, Math.floor((bytes / total) * 100));
        const now = Date.now();
        // Batched: at most every 500 ms, and only when the percentage moved.
        if (percent !== lastPercent && now - lastWrite > 500) {
          lastPercent = percent;
          lastWrite = now;
          // Only while RUNNING: a late progress write must never overwrite the final 100.
          progressWrite = db.datasetVersion.updateMany({ where: { id: versionId, profileStatus: "RUNNING" }, data: { profileProgress: percent } }).catch(() => {});
          void onProgress?.(percent);
        }
      },
    });
    await progressWrite;
    await db.datasetVersion.update({
      where: { id: versionId },
      data: { profile: profile as object, profileStatus: "DONE", profileProgress: 100, profileError: null },
    });
    return "done";
  } catch (error) {
    // The data was validated at upload, so this is rare; say what happened on the page.
    const message = error instanceof DatasetInputError ? error.key : "profile.failed";
    await db.datasetVersion.update({ where: { id: versionId }, data: { profileStatus: "FAILED", profileError: message } });
    throw error;
  }
}

/** Versions whose profile was never enqueued or got lost (e.g. Redis was down at upload). */
export async function pendingProfileVersionIds(olderThanMs = 30_000, db: TPrisma = getPrisma()) {
  const rows = await db.datasetVersion.findMany({
    where: { profileStatus: { in: ["PENDING", "RUNNING"] }, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    take: 500,
  });
  return rows.map((r) => r.id);
}
