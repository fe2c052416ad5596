import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { loadEnv } from "../env";
import { AppError } from "../errors";

/**
 * Blob storage, content-addressed by sha256. One small interface so an
 * S3-compatible driver can replace the local one: uploads are staged to a
 * local temp file (they must be validated before they are kept), then either
 * committed under their hash or discarded — never half-stored.
 */
export interface TBlobStore {
  /** Streams `source` to a staging file, hashing as it goes; stops at `maxBytes`. */
  stage(source: Readable, options: { maxBytes: number }): Promise<TStagedBlob>;
  /** Keeps a staged blob under its sha256 (idempotent: the same content is stored once). */
  commit(staged: TStagedBlob): Promise<string>;
  /** Stores a file produced by the app (e.g. a packed image tensor). */
  putFile(localPath: string): Promise<{ key: string; sizeBytes: number }>;
  read(key: string): Readable;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Local path for reading with random access (the local driver's own file; S3 would download). */
  localPath(key: string): Promise<string>;
}

export type TStagedBlob = { path: string; sha256: string; sizeBytes: number; discard: () => Promise<void> };

/**
 * The disk (or quota) ran out while storing: a server condition that passes, so 503 with the upload field's
 * message, and nothing half-stored (the staging or work file is removed before this is thrown).
 */
export class StorageFullError extends AppError {
  constructor() {
    super("UNAVAILABLE", { file: "file.storageFull" });
    this.name = "StorageFullError";
  }
}

/** ENOSPC (no space left on the device) or EDQUOT (quota exceeded), from any write. */
export const isDiskFull = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
};

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload exceeds ${maxBytes} bytes`);
  }
}

const KEY_RE = /^[0-9a-f]{64}$/;

export function createLocalBlobStore(root: string): TBlobStore {
  const blobs = path.join(root, "blobs");
  const tmp = path.join(root, "tmp");
  const pathOf = (key: string) => {
    if (!KEY_RE.test(key)) throw new Error(`invalid blob key ${key}`);
    return path.join(blobs, key.slice(0, 2), key.slice(2, 4), key);
  };
  const moveIn = async (from: string, key: string) => {
    const to = pathOf(key);
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
    return key;
  };

  return {
    async stage(source, { maxBytes }) {
      await mkdir(tmp, { recursive: true });
      const file = path.join(tmp, `${randomUUID()}.part`);
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        // A source destroyed before we got to it (a multipart form cut off while the folder was made) would
        // never settle the pipeline: refuse it instead of hanging with an open staging file.
        if (source.destroyed && !source.readableEnded)
          throw new Error("upload stream closed before it could be staged");
        await pipeline(source, meter, createWriteStream(file));
      } catch (error) {
        await rm(file, { force: true });
        throw isDiskFull(error) ? new StorageFullError() : error;
      }
      return { path: file, sha256: hash.digest("hex"), sizeBytes: size, discard: () => rm(file, { force: true }) };
    },
    async commit(staged) {
      if (await this.exists(staged.sha256)) {
        await staged.discard();
        return staged.sha256;
      }
      return moveIn(staged.path, staged.sha256);
    },
    async putFile(localPath) {
      const hash = createHash("sha256");
      await pipeline(createReadStream(localPath), hash);
      const key = hash.digest("hex");
      const { size } = await stat(localPath);
      if (await this.exists(key)) await rm(localPath, { force: true });
      else await moveIn(localPath, key);
      return { key, sizeBytes: size };
    },
    read: (key) => createReadStream(pathOf(key)),
    async exists(key) {
      return stat(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async localPath(key) {
      return pathOf(key);
    },
  };
}

let store: TBlobStore | undefined;

export function getBlobStore(): TBlobStore {
  store ??= createLocalBlobStore(path.resolve(loadEnv().DATA_DIR));
  return store;
}

/** A scratch directory for work files (inside DATA_DIR so renames into storage stay on one disk). */
export async function scratchDir(): Promise<string> {
  const dir = path.join(path.resolve(loadEnv().DATA_DIR), "tmp");
  await mkdir(dir, { recursive: true });
  return dir;
}
