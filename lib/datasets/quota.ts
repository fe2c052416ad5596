import { getPrisma, type TDb } from "../db";
import { loadEnv } from "../env";
import { formatBytes } from "../format";
import { DatasetInputError } from "./errors";

/**
 * The per-user storage quota (USER_STORAGE_QUOTA_BYTES; 0 turns it off). A
 * user's usage is the bytes of every blob their datasets' versions keep: the
 * original upload (sha256) and the processed data (dataKey, packed images),
 * each blob counted once however many versions share it. A version whose
 * images the worker is still decoding counts its packed size in advance.
 */

/** A blob an upload would add: its storage key and size. */
export type TBlobCharge = { key: string; bytes: number };

/** Stands for the packed data of a version not yet decoded (its key is only known afterwards). */
export const PENDING_DATA_KEY = "pending:new";

export async function storageUsedBytes(
  userId: string,
  extra: TBlobCharge[] = [],
  db: TDb = getPrisma(),
): Promise<number> {
  const keys = extra.map((b) => b.key);
  const sizes = extra.map((b) => String(b.bytes));
  const [row] = await db.$queryRaw<{ used: bigint }[]>`
    SELECT COALESCE(SUM(bytes), 0)::bigint AS used FROM (
      SELECT key, MAX(bytes) AS bytes FROM (
        SELECT v."sha256" AS key, v."sizeBytes" AS bytes
        FROM "DatasetVersion" v JOIN "Dataset" d ON d."id" = v."datasetId"
        WHERE d."ownerId" = ${userId}
        UNION ALL
        SELECT COALESCE(v."dataKey", 'pending:' || v."id"), v."dataSizeBytes"
        FROM "DatasetVersion" v JOIN "Dataset" d ON d."id" = v."datasetId"
        WHERE d."ownerId" = ${userId} AND v."dataSizeBytes" IS NOT NULL
        UNION ALL
        SELECT * FROM unnest(${keys}::text[], ${sizes}::bigint[])
      ) blobs GROUP BY key
    ) per_blob`;
  return Number(row?.used ?? 0);
}

/** Used bytes and the limit (null: no quota), for the owner's profile page. */
export async function storageUsage(
  userId: string,
  db: TDb = getPrisma(),
): Promise<{ usedBytes: number; limitBytes: number | null }> {
  const limit = loadEnv().USER_STORAGE_QUOTA_BYTES;
  return { usedBytes: await storageUsedBytes(userId, [], db), limitBytes: limit || null };
}

/**
 * Refuses an upload whose blobs would take the user past the quota, saying how
 * much is used of how much. Inside an upload's transaction call lockStorage
 * first, so two uploads of one user cannot both fit into the same room.
 */
export async function assertStorageQuota(userId: string, blobs: TBlobCharge[], db: TDb = getPrisma()): Promise<void> {
  const limit = loadEnv().USER_STORAGE_QUOTA_BYTES;
  if (!limit) return;
  const used = await storageUsedBytes(userId, [], db);
  const after = await storageUsedBytes(userId, blobs, db);
  if (after <= limit) return;
  const size = after - used;
  throw new DatasetInputError("quota.exceeded", {
    used: formatBytes(used),
    limit: formatBytes(limit),
    size: formatBytes(size),
    usedBytes: used,
    limitBytes: limit,
    sizeBytes: size,
  });
}

/** Serialises a user's uploads until the end of the transaction `db` belongs to. */
export async function lockStorage(userId: string, db: TDb): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`storage:${userId}`}))`;
}
