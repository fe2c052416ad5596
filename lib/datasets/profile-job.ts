import { getPrisma, type TPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getBlobStore } from "../storage";
import type { TCsvFormat } from "./csv";
import { DatasetInputError } from "./errors";
import { profileTabular } from "./ingest";
import { getSplitAssignments } from "./queries";
import { versionProgress } from "./job-progress";
import { chosenColumnTypes } from "./column-types";

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
    select: {
      id: true,
      sha256: true,
      sizeBytes: true,
      format: true,
      targetColumn: true,
      taskType: true,
      schema: true,
      profileStatus: true,
    },
  });
  if (!version) return "missing"; // deleted while queued: nothing to do
  // Image versions are never profiled here: the decode job (decode-job.ts) fills in their profile.
  if (version.profileStatus === "DONE" || (version.format as { kind?: string }).kind === "images") return "skipped";
  await db.datasetVersion.update({ where: { id: versionId }, data: { profileStatus: "RUNNING", profileError: null } });

  const total = Number(version.sizeBytes) || 1;
  const progress = versionProgress(versionId, onProgress, db);
  try {
    const profile = await profileTabular({
      filePath: await getBlobStore().localPath(version.sha256),
      format: version.format as unknown as TCsvFormat,
      targetColumn: version.targetColumn,
      taskType: version.taskType,
      split: await getSplitAssignments(versionId, db),
      columnTypes: chosenColumnTypes(version.schema),
      onProgress: (bytes) => progress.report(Math.min(99, Math.floor((bytes / total) * 100))),
    });
    await progress.settled();
    await db.datasetVersion.update({
      where: { id: versionId },
      data: { profile: profile as object, profileStatus: "DONE", profileProgress: 100, profileError: null },
    });
    return "done";
  } catch (error) {
    // The data was validated at upload, so this is rare; say what happened on the page.
    const [message, values] =
      error instanceof DatasetInputError ? [error.key, error.values] : ["profile.failed", Prisma.DbNull];
    await db.datasetVersion.update({
      where: { id: versionId },
      data: { profileStatus: "FAILED", profileError: message, profileErrorValues: values },
    });
    throw error;
  }
}

/** Versions whose profile was never enqueued or got lost (e.g. Redis was down at upload). */
export async function pendingProfileVersionIds(olderThanMs = 30_000, db: TPrisma = getPrisma()) {
  const rows = await db.datasetVersion.findMany({
    where: {
      profileStatus: { in: ["PENDING", "RUNNING"] },
      createdAt: { lt: new Date(Date.now() - olderThanMs) },
      dataset: { kind: "TABULAR" },
    },
    select: { id: true },
    take: 500,
  });
  return rows.map((r) => r.id);
}
