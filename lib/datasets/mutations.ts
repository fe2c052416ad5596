import { rm } from "node:fs/promises";
import { getPrisma, type TPrisma } from "../db";
import { recordActivity } from "../activity/mutations";
import { AppError } from "../errors";
import type { TSessionUser } from "../auth/session";
import { createLogger } from "../logger";
import { canEditDataset, canViewDataset, isDatasetListed } from "../permissions/datasets";
import { enqueueDecode } from "../queue/decode";
import { enqueueProfile } from "../queue/profile";
import { starReputation } from "../reputation/hooks";
import { getBlobStore, type TStagedBlob } from "../storage";
import { parseInput } from "../validation";
import { pickFreeSlug } from "../slugs";
import { processImageUpload } from "./image-versions";
import { ingestTabular } from "./ingest";
import { assertStorageQuota, lockStorage, PENDING_DATA_KEY, type TBlobCharge } from "./quota";
import { slugify, ZDatasetMeta, ZVersionMeta, type TDatasetMeta, type TDatasetMetaInput } from "./schemas";

const log = createLogger({ service: "datasets" });

/** Files up to this size are profiled during the upload; larger ones by the worker's profile job. */
export const PROFILE_INLINE_MAX_BYTES = 2 * 1024 * 1024;

type TUpload = { staged: TStagedBlob; fileName: string };
type TDataSpec = Pick<
  TDatasetMeta,
  "kind" | "taskType" | "targetColumn" | "imageSize" | "imageChannels" | "columnTypes"
>;

/** Validates and processes an upload into everything a version row needs. Throws DatasetInputError on bad data. */
async function processUpload(upload: TUpload, spec: TDataSpec) {
  const { staged, fileName } = upload;
  if (spec.kind === "IMAGE")
    return processImageUpload(staged, { size: spec.imageSize, channels: spec.imageChannels as 1 | 3 });
  const tabular = await ingestTabular({
    filePath: staged.path,
    fileName,
    sha256: staged.sha256,
    targetColumn: spec.targetColumn,
    taskType: spec.taskType,
    columnTypes: spec.columnTypes,
    profile: staged.sizeBytes <= PROFILE_INLINE_MAX_BYTES,
  });
  const target = tabular.schema.find((c) => c.name.toLowerCase() === spec.targetColumn.trim().toLowerCase())!;
  return {
    format: tabular.format,
    packedPath: null,
    rowCount: tabular.rowCount,
    columnCount: tabular.header.length,
    schema: tabular.schema,
    targetColumn: target.name,
    classes: tabular.classes,
    splitSeed: tabular.splitSeed,
    assignments: tabular.assignments,
    splitCounts: tabular.splitCounts,
    excluded: tabular.excluded,
    profile: tabular.profile as object | null,
    dataSizeBytes: null as number | null,
    decodeLater: false,
  };
}

type TProcessed = Awaited<ReturnType<typeof processUpload>>;

/** Removes stored blobs that no version refers to (after a failed transaction). */
async function removeUnreferenced(keys: (string | null)[], db: TPrisma) {
  const store = getBlobStore();
  for (const key of keys) {
    if (!key) continue;
    const used = await db.datasetVersion.count({ where: { OR: [{ sha256: key }, { dataKey: key }] } });
    if (!used) await store.remove(key).catch(() => {});
  }
}

/**
 * Keeps the blobs and writes the version inside `write` (a transaction); if the
 * transaction fails, blobs no row refers to are removed again. Nothing half-stored.
 */
async function storeVersion<T>(
  upload: TUpload,
  processed: TProcessed,
  write: (keys: { sha256: string; dataKey: string | null }) => Promise<T>,
  db: TPrisma,
): Promise<T> {
  const store = getBlobStore();
  const sha256 = await store.commit(upload.staged);
  let dataKey: string | null = null;
  try {
    if (processed.packedPath) dataKey = (await store.putFile(processed.packedPath)).key;
    return await write({ sha256, dataKey });
  } catch (error) {
    await removeUnreferenced([sha256, dataKey], db);
    throw error;
  } finally {
    if (processed.packedPath) await rm(processed.packedPath, { force: true });
  }
}

function versionData(
  upload: TUpload,
  processed: TProcessed,
  keys: { sha256: string; dataKey: string | null },
  actorId: string,
) {
  return {
    sha256: keys.sha256,
    dataKey: keys.dataKey,
    sizeBytes: BigInt(upload.staged.sizeBytes),
    originalName: upload.fileName.slice(0, 255),
    format: processed.format,
    rowCount: processed.rowCount,
    columnCount: processed.columnCount,
    schema: processed.schema,
    targetColumn: processed.targetColumn,
    classes: processed.classes,
    splitSeed: processed.splitSeed,
    splitAssignments: new Uint8Array(processed.assignments),
    splitCounts: processed.splitCounts,
    excludedRowCount: processed.excluded.count,
    excludedLines: processed.excluded.lines,
    dataSizeBytes: processed.dataSizeBytes === null ? null : BigInt(processed.dataSizeBytes),
    profile: processed.profile ?? undefined,
    profileStatus: processed.profile ? ("DONE" as const) : ("PENDING" as const),
    profileProgress: processed.profile ? 100 : 0,
    createdById: actorId,
  };
}

/** The blobs a version keeps, for the storage quota: the upload, and the packed images (their key is known once decoded). */
function blobCharges(upload: TUpload, processed: TProcessed, keys?: { dataKey: string | null }): TBlobCharge[] {
  const charges = [{ key: upload.staged.sha256, bytes: upload.staged.sizeBytes }];
  if (processed.dataSizeBytes !== null)
    charges.push({ key: keys?.dataKey ?? PENDING_DATA_KEY, bytes: processed.dataSizeBytes });
  return charges;
}

/** The quota check that counts: inside the version's transaction, with the owner's uploads serialised. */
async function chargeStorage(ownerId: string, charges: TBlobCharge[], tx: Parameters<typeof lockStorage>[1]) {
  await lockStorage(ownerId, tx);
  await assertStorageQuota(ownerId, charges, tx);
}

async function afterCommit(version: { id: string; profileStatus: string }, processed: TProcessed) {
  if (version.profileStatus !== "PENDING") return;
  const job = processed.decodeLater ? "decode" : "profile";
  if (!(await (processed.decodeLater ? enqueueDecode(version.id) : enqueueProfile(version.id)))) {
    log.warn(`could not enqueue ${job} job; the worker's reconciler will pick it up`, { versionId: version.id });
  }
}

/** Creates a dataset with its first version from an upload. The staged upload is always consumed. */
export async function createDataset(
  // Form fields arrive as strings; zod validates either shape.
  {
    actor,
    meta: input,
    upload,
  }: { actor: TSessionUser; meta: TDatasetMetaInput | Record<string, string>; upload: TUpload },
  db: TPrisma = getPrisma(),
) {
  try {
    const meta = parseInput(ZDatasetMeta, input);
    if (meta.kind === "TABULAR" && !meta.targetColumn)
      throw new AppError("INVALID_INPUT", { targetColumn: "targetColumn.required" });
    const slug = meta.slug ?? (await freeSlug(actor.id, slugify(meta.title), db));
    if (
      meta.slug &&
      (await db.dataset.findUnique({ where: { ownerId_slug: { ownerId: actor.id, slug } }, select: { id: true } }))
    ) {
      throw new AppError("CONFLICT", { slug: "slug.taken" });
    }
    // Refused before any work when the upload alone cannot fit; checked again, exactly, when the version is written.
    await assertStorageQuota(actor.id, [{ key: upload.staged.sha256, bytes: upload.staged.sizeBytes }], db);
    const processed = await processUpload(upload, meta);
    const result = await storeVersion(
      upload,
      processed,
      (keys) =>
        db.$transaction(async (tx) => {
          await chargeStorage(actor.id, blobCharges(upload, processed, keys), tx);
          const dataset = await tx.dataset.create({
            data: {
              ownerId: actor.id,
              slug,
              title: meta.title,
              description: meta.description,
              license: meta.license,
              citation: meta.citation,
              tags: meta.tags,
              visibility: meta.visibility,
              taskType: meta.taskType,
              kind: meta.kind,
              targetColumn: processed.targetColumn,
              versionCount: 1,
            },
          });
          const version = await tx.datasetVersion.create({
            data: {
              ...versionData(upload, processed, keys, actor.id),
              datasetId: dataset.id,
              number: 1,
              // Pages show "initial upload" in the reader's language.
              message: "",
              taskType: meta.taskType,
            },
            select: { id: true, number: true, profileStatus: true },
          });
          if (isDatasetListed(null, { ownerId: actor.id, visibility: meta.visibility })) {
            await recordActivity(
              {
                actorId: actor.id,
                kind: "dataset.published",
                datasetId: dataset.id,
                subject: { datasetId: dataset.id },
              },
              tx,
            );
          }
          return { dataset, version };
        }),
      db,
    );
    await afterCommit(result.version, processed);
    return { ...result, ownerHandle: actor.handle };
  } finally {
    await upload.staged.discard();
  }
}

/**
 * Adds a new immutable version to a dataset the actor owns. Same task and target as the dataset; column types are
 * chosen again for each version (`columnTypes`, as a form's JSON field or an object), since its columns may differ.
 */
export async function addDatasetVersion(
  {
    actor,
    datasetId,
    message,
    columnTypes,
    upload,
  }: { actor: TSessionUser; datasetId: string; message?: string; columnTypes?: unknown; upload: TUpload },
  db: TPrisma = getPrisma(),
) {
  try {
    const meta = parseInput(ZVersionMeta, { message, columnTypes });
    const dataset = await db.dataset.findUnique({ where: { id: datasetId } });
    if (!dataset || !canViewDataset(actor, dataset)) throw new AppError("NOT_FOUND");
    if (!canEditDataset(actor, dataset)) throw new AppError("FORBIDDEN");
    await assertStorageQuota(dataset.ownerId, [{ key: upload.staged.sha256, bytes: upload.staged.sizeBytes }], db);
    const latest = await db.datasetVersion.findFirst({
      where: { datasetId },
      orderBy: { number: "desc" },
      select: { format: true },
    });
    const latestFormat = (latest?.format ?? {}) as { width?: number; channels?: number };
    const processed = await processUpload(upload, {
      kind: dataset.kind,
      taskType: dataset.taskType,
      targetColumn: dataset.targetColumn,
      imageSize: latestFormat.width ?? 28,
      imageChannels: (latestFormat.channels ?? 1) as 1 | 3,
      columnTypes: meta.columnTypes,
    });
    const version = await storeVersion(
      upload,
      processed,
      (keys) =>
        db.$transaction(async (tx) => {
          await chargeStorage(dataset.ownerId, blobCharges(upload, processed, keys), tx);
          // The row lock on the dataset serialises concurrent uploads: numbers never collide.
          const { versionCount } = await tx.dataset.update({
            where: { id: datasetId },
            data: { versionCount: { increment: 1 } },
            select: { versionCount: true },
          });
          const created = await tx.datasetVersion.create({
            data: {
              ...versionData(upload, processed, keys, actor.id),
              datasetId,
              number: versionCount,
              message: meta.message,
              taskType: dataset.taskType,
            },
            select: { id: true, number: true, profileStatus: true },
          });
          if (isDatasetListed(null, dataset)) {
            await recordActivity(
              {
                actorId: actor.id,
                kind: "dataset.versioned",
                datasetId,
                subject: { datasetId, number: versionCount },
              },
              tx,
            );
          }
          return created;
        }),
      db,
    );
    await afterCommit(version, processed);
    return { version, dataset };
  } finally {
    await upload.staged.discard();
  }
}

async function freeSlug(ownerId: string, base: string, db: TPrisma): Promise<string> {
  const rows = await db.dataset.findMany({
    where: { ownerId, slug: { startsWith: base.slice(0, 55) } },
    select: { slug: true },
  });
  return pickFreeSlug(base, new Set(rows.map((r) => r.slug)));
}

/** Stars or un-stars a dataset; the count is kept on the dataset for sorting. */
export async function setDatasetStar(
  { actor, datasetId, starred }: { actor: TSessionUser; datasetId: string; starred: boolean },
  db: TPrisma = getPrisma(),
) {
  const dataset = await db.dataset.findUnique({
    where: { id: datasetId },
    select: { ownerId: true, visibility: true },
  });
  if (!dataset || !canViewDataset(actor, dataset)) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const existing = await tx.datasetStar.findUnique({ where: { datasetId_userId: { datasetId, userId: actor.id } } });
    if (starred && !existing) {
      await tx.datasetStar.create({ data: { datasetId, userId: actor.id } });
      await tx.dataset.update({ where: { id: datasetId }, data: { starCount: { increment: 1 } } });
    } else if (!starred && existing) {
      await tx.datasetStar.delete({ where: { datasetId_userId: { datasetId, userId: actor.id } } });
      await tx.dataset.update({ where: { id: datasetId }, data: { starCount: { decrement: 1 } } });
    }
    if (starred !== Boolean(existing)) {
      await starReputation({ userId: actor.id, dataset: { id: datasetId, ownerId: dataset.ownerId }, starred }, tx);
    }
    return (await tx.dataset.findUniqueOrThrow({ where: { id: datasetId }, select: { starCount: true } })).starCount;
  });
}
