import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/*
 * Fault: the disk fills up during an upload (issue 12). The user must get a specific message and nothing may be
 * half-stored: no dataset or version rows, no blob, no staging or work file.
 *
 * Preferred: a real, small filesystem (a 1 MiB tmpfs mounted as DATA_DIR; needs root, as on CI here). Where
 * mounting is refused, the storage layer's files are opened on /dev/full instead, which fails every write with a
 * genuine ENOSPC from the write stream. The upload runs through the same functions as POST /api/datasets:
 * readMultipartUpload → createDataset → errorResponse.
 */
const fault = vi.hoisted(() => ({ devFull: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  // Only in the fallback, and only for the files an upload writes (staged upload, packed images).
  const createWriteStream = ((file: string, options?: Parameters<typeof fs.createWriteStream>[1]) =>
    fault.devFull && /\.(part|tyimg)$/.test(String(file))
      ? fs.createWriteStream("/dev/full", options)
      : fs.createWriteStream(file, options)) as typeof fs.createWriteStream;
  return { ...fs, default: { ...fs, createWriteStream }, createWriteStream };
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), "ty-disk-full-"));
let mounted = false;

beforeAll(() => {
  try {
    // DISK_FULL_FAULT=dev-full runs the fallback even where mounting works.
    if (process.env.DISK_FULL_FAULT === "dev-full") throw new Error("fallback asked for");
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dataDir], { stdio: "ignore" });
    mounted = true;
  } catch {
    fault.devFull = true;
  }
  // Before anything reads the environment (loadEnv caches it): every blob, staged file and work file goes here.
  process.env.DATA_DIR = dataDir;
});

afterAll(async () => {
  const { disconnectPrisma } = await import("../db");
  await disconnectPrisma();
  if (mounted) execFileSync("umount", [dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

const freeBytes = () => {
  const s = statfsSync(dataDir);
  return s.bavail * s.bsize;
};

function uploadRequest(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request("http://localhost/api/datasets", { method: "POST", body: form });
}

/** What POST /api/datasets does with a request, minus the session: the response it would send. */
async function postDataset(
  actor: Awaited<ReturnType<typeof import("../factories/users").createUser>>,
  request: Request,
) {
  const { readMultipartUpload } = await import("../datasets/upload");
  const { createDataset } = await import("../datasets/mutations");
  const { errorResponse } = await import("../http");
  try {
    const { fields, file } = await readMultipartUpload(request, { maxBytes: 50 * 1024 * 1024 });
    await createDataset({ actor, meta: fields, upload: file! });
    return new Response(null, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

describe("disk full during an upload", () => {
  it("while the upload is staged: 503 with the storage-full message, nothing stored, the space given back", async () => {
    const { createUser } = await import("../factories/users");
    const { catalogueHas, ownedDatasetRows, scratchFiles, storedBlobs } = await import("../factories/storage");
    const owner = await createUser();
    const free = freeBytes();
    // 2 MiB of CSV: more than the 1 MiB filesystem holds.
    const rows = Array.from(
      { length: 70_000 },
      (_, i) => `${i},note number ${String(i).padStart(8, "0")},${i % 2 ? "cat" : "dog"}`,
    ).join("\n");
    const bytes = Buffer.from(`x,note,label\n${rows}\n`);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const request = uploadRequest(
      { title: "Too big for the disk", license: "CC0-1.0", taskType: "CLASSIFICATION", targetColumn: "label" },
      { name: "big.csv", bytes },
    );

    const response = await postDataset(owner, request);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "UNAVAILABLE", fields: { file: "file.storageFull" } } });
    expect(catalogueHas("validation.file.storageFull")).toBe(true);
    expect(await ownedDatasetRows(owner.id)).toEqual({ datasets: 0, versions: 0 });
    expect(await storedBlobs()).toEqual([]);
    expect((await scratchFiles()).filter((f) => f.endsWith(".part") || f.endsWith(".tyimg"))).toEqual([]);
    if (mounted) expect(freeBytes(), "the partial file's space is given back").toBeGreaterThanOrEqual(free - 64 * 1024);
    console.info(`disk full while staging: ${mounted ? "1 MiB tmpfs" : "/dev/full"}; answered ${response.status}`);
  });

  it("after staging, while the images are packed: 503, and neither the staged zip nor the packed file stays", async () => {
    const { createUser } = await import("../factories/users");
    const { imageZip } = await import("../factories/datasets");
    const { ownedDatasetRows, scratchFiles, storedBlobs } = await import("../factories/storage");
    const owner = await createUser();
    // 40 tiny PNGs (a few KB zipped) that unpack to 40 × 64×64×3 = 480 KiB of pixels.
    const zip = await imageZip({ cats: [200, 0, 0], dogs: [0, 0, 200] }, 20);
    let filler = "";
    if (mounted) {
      // Leave room for the staged zip and a little more, not for the packed pixels.
      filler = path.join(dataDir, "filler");
      writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes() - zip.length - 96 * 1024)));
    } else fault.devFull = false; // the zip stages fine; only the packed file goes to /dev/full
    const stagedOnly = () => {
      if (!mounted) fault.devFull = true;
    };
    const request = uploadRequest(
      {
        title: "Pixels do not fit",
        license: "CC0-1.0",
        taskType: "CLASSIFICATION",
        kind: "IMAGE",
        imageSize: "64",
        imageChannels: "3",
      },
      { name: "pets.zip", bytes: zip },
    );
    const { readMultipartUpload } = await import("../datasets/upload");
    const { createDataset } = await import("../datasets/mutations");
    const { errorResponse } = await import("../http");
    let response: Response;
    try {
      const { fields, file } = await readMultipartUpload(request, { maxBytes: 50 * 1024 * 1024 });
      stagedOnly();
      await createDataset({ actor: owner, meta: fields, upload: file! });
      response = new Response(null, { status: 201 });
    } catch (error) {
      response = errorResponse(error);
    } finally {
      if (filler) rmSync(filler);
    }
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "UNAVAILABLE", fields: { file: "file.storageFull" } } });
    expect(await ownedDatasetRows(owner.id)).toEqual({ datasets: 0, versions: 0 });
    expect(await storedBlobs()).toEqual([]);
    expect((await scratchFiles()).filter((f) => f.endsWith(".part") || f.endsWith(".tyimg"))).toEqual([]);
  });

  it("with space again, the same upload is stored (the failures left nothing in the way)", async () => {
    fault.devFull = false;
    const { createUser } = await import("../factories/users");
    const { ownedDatasetRows, storedBlobs } = await import("../factories/storage");
    const owner = await createUser();
    const request = uploadRequest(
      { title: "Fits now", license: "CC0-1.0", taskType: "CLASSIFICATION", targetColumn: "label" },
      { name: "small.csv", bytes: Buffer.from("x,label\n1,a\n2,b\n3,a\n4,b\n") },
    );
    expect((await postDataset(owner, request)).status).toBe(201);
    expect(await ownedDatasetRows(owner.id)).toEqual({ datasets: 1, versions: 1 });
    expect(await storedBlobs()).toHaveLength(1);
  });
});
