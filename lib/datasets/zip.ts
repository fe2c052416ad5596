import yauzl from "yauzl";
import { loadEnv } from "../env";
import { DatasetInputError } from "./errors";
import { MAX_CLASSES } from "./ingest";

/**
 * Image zips, read through their central directory only: the limits that stop
 * zip bombs and path tricks, and the layout (one folder per class) with each
 * image's label. Nothing here decompresses an entry, so the web request can
 * check a large zip cheaply and leave the decoding to the worker (images.ts).
 */
export type TZipLimits = { maxEntries: number; maxTotalBytes: number; maxEntryBytes: number; maxRatio: number };

/** Entries larger than this unpacked are refused, and any over 1 MB that compresses better than MAX_RATIO:1. */
const MAX_ENTRY_BYTES = 20 * 1024 ** 2;
const MAX_RATIO = 200;

export function zipLimits(): TZipLimits {
  const env = loadEnv();
  return {
    maxEntries: env.DATASET_ZIP_MAX_FILES,
    maxTotalBytes: env.DATASET_ZIP_MAX_UNPACKED_BYTES,
    maxEntryBytes: MAX_ENTRY_BYTES,
    maxRatio: MAX_RATIO,
  };
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

export type TZipEntry = { name: string; entry: yauzl.Entry };

/** The images of a zip in their fixed order (sorted by path), with labels indexing `classes`. */
export type TImageLayout = { images: TZipEntry[]; classes: string[]; labels: Uint16Array };

export const openZip = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (err, zip) => (err || !zip ? reject(new DatasetInputError("zip.invalid")) : resolve(zip)),
    ),
  );

/** Reads the central directory, enforcing limits and rejecting unsafe names. */
async function listEntries(zip: yauzl.ZipFile, limits: TZipLimits): Promise<{ files: TZipEntry[]; dirs: Set<string> }> {
  if (zip.entryCount > limits.maxEntries) throw new DatasetInputError("zip.tooManyFiles", { max: limits.maxEntries });
  const files: TZipEntry[] = [];
  const dirs = new Set<string>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      try {
        const raw = entry.fileName as unknown as Buffer;
        const name = raw.toString("utf8").replace(/\\/g, "/");
        if (name.startsWith("/") || /^[a-zA-Z]:/.test(name) || name.split("/").includes("..")) {
          throw new DatasetInputError("zip.pathTraversal", { name: name.slice(0, 200) });
        }
        if (name.endsWith("/")) dirs.add(name.slice(0, -1));
        else {
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > limits.maxEntryBytes)
            throw new DatasetInputError("zip.fileTooLarge", { name, max: limits.maxEntryBytes });
          if (total > limits.maxTotalBytes) throw new DatasetInputError("zip.tooLarge", { max: limits.maxTotalBytes });
          if (
            entry.compressedSize > 0 &&
            entry.uncompressedSize / entry.compressedSize > limits.maxRatio &&
            entry.uncompressedSize > 1024 ** 2
          ) {
            throw new DatasetInputError("zip.bomb", { name });
          }
          files.push({ name, entry });
        }
        zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.on("end", resolve);
    zip.on("error", () => reject(new DatasetInputError("zip.invalid")));
    zip.readEntry();
  });
  return { files, dirs };
}

const ignored = (name: string) => name.split("/").some((part) => part.startsWith(".") || part === "__MACOSX");

/** The layout of an open zip: one folder per class (optionally inside one wrapping folder), PNG or JPEG files only. */
export async function readImageLayout(zip: yauzl.ZipFile, limits: TZipLimits): Promise<TImageLayout> {
  const { files, dirs } = await listEntries(zip, limits);
  let images = files.filter((f) => !ignored(f.name));
  // Allow one wrapping folder ("mnist/0/a.png").
  const firstParts = new Set(images.map((f) => f.name.split("/")[0]));
  if (firstParts.size === 1 && images.every((f) => f.name.split("/").length >= 3)) {
    const prefix = `${[...firstParts][0]}/`;
    images = images.map((f) => ({ ...f, name: f.name.slice(prefix.length) }));
    for (const d of [...dirs]) {
      dirs.delete(d);
      if (d.startsWith(prefix)) dirs.add(d.slice(prefix.length));
    }
  }
  if (images.length === 0) throw new DatasetInputError("zip.noImages");
  for (const f of images) {
    const parts = f.name.split("/");
    if (parts.length !== 2)
      throw new DatasetInputError(parts.length === 1 ? "zip.fileOutsideClass" : "zip.nestedFolder", { name: f.name });
    if (!IMAGE_EXT.test(f.name)) throw new DatasetInputError("zip.notImage", { name: f.name });
  }
  const classes = [...new Set(images.map((f) => f.name.split("/")[0]!))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  for (const d of dirs) {
    if (d && !d.includes("/") && !ignored(d) && !classes.includes(d))
      throw new DatasetInputError("zip.emptyClass", { name: d });
  }
  if (classes.length < 2) throw new DatasetInputError("target.oneClass", { column: "class", value: classes[0] ?? "" });
  if (classes.length > MAX_CLASSES)
    throw new DatasetInputError("target.tooManyClasses", { column: "class", max: MAX_CLASSES, line: 0 });
  images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = Uint16Array.from(images, (f) => index.get(f.name.split("/")[0]!)!);
  return { images, classes, labels };
}

/** Checks a zip's central directory and layout without decompressing anything (the upload request's share). */
export async function inspectImageZip(
  filePath: string,
  limits: TZipLimits = zipLimits(),
): Promise<Omit<TImageLayout, "images"> & { count: number }> {
  const zip = await openZip(filePath);
  try {
    const { images, classes, labels } = await readImageLayout(zip, limits);
    return { count: images.length, classes, labels };
  } finally {
    zip.close();
  }
}
