import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { open as openFile, rm } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import type yauzl from "yauzl";
import { DatasetInputError } from "./errors";
import { countSplit, seedFromSha256, SPLIT, splitRows, type TSplitCounts } from "./split";
import { openZip, readImageLayout, zipLimits, type TZipLimits } from "./zip";

/**
 * Image datasets arrive as a .zip with one folder per class. Every image is
 * decoded, resized to the version's fixed size and packed into one binary file:
 *   "TYIMG1\n" | u32 LE header length | JSON header | u16 LE labels[count] | u8 pixels[count*h*w*c]
 * so training reads one file instead of thousands. The zip's limits and layout
 * are checked from its central directory first (zip.ts), before anything is
 * decoded. Small zips are decoded during the upload; larger ones by the
 * worker's decode job (decode-job.ts).
 */
export const IMAGE_MAGIC = "TYIMG1\n";

export type TImageHeader = { width: number; height: number; channels: 1 | 3; count: number; classes: string[] };

export type TImageIngest = {
  format: { kind: "images"; width: number; height: number; channels: 1 | 3 };
  packedPath: string;
  rowCount: number;
  classes: string[];
  classCounts: { value: string; count: number }[];
  splitSeed: number;
  assignments: Uint8Array;
  splitCounts: TSplitCounts;
};

/** Bytes of the packed file for a header: known before decoding, so an upload's quota can count it in advance. */
export function packedSizeBytes(header: TImageHeader): number {
  const pixels = header.width * header.height * header.channels;
  return IMAGE_MAGIC.length + 4 + Buffer.byteLength(JSON.stringify(header)) + header.count * (2 + pixels);
}

/**
 * Each class and its number of images, most first: the version's public class balance, so without the private
 * test half's images (lib/permissions/hidden-half.ts).
 */
function classCounts(
  classes: string[],
  labels: Uint16Array,
  assignments: Uint8Array,
): { value: string; count: number }[] {
  const counts = new Array<number>(classes.length).fill(0);
  labels.forEach((l, i) => {
    if (assignments[i] !== SPLIT.TEST_PRIVATE) counts[l]!++;
  });
  return classes.map((value, i) => ({ value, count: counts[i]! })).sort((a, b) => b.count - a.count);
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(new DatasetInputError("zip.invalid"));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) stream.destroy(new DatasetInputError("zip.bomb", { name: "" }));
        else chunks.push(c);
      });
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", (e) => reject(e instanceof DatasetInputError ? e : new DatasetInputError("zip.invalid")));
    });
  });
}

export async function ingestImageZip(options: {
  filePath: string;
  sha256: string;
  size: number;
  channels: 1 | 3;
  workDir: string;
  limits?: TZipLimits;
  onProgress?: (done: number, total: number) => void;
}): Promise<TImageIngest> {
  const limits = options.limits ?? zipLimits();
  const zip = await openZip(options.filePath);
  const packedPath = path.join(options.workDir, `${randomUUID()}.tyimg`);
  try {
    const { images, classes, labels } = await readImageLayout(zip, limits);
    const { size, channels } = options;
    const header: TImageHeader = { width: size, height: size, channels, count: images.length, classes };
    const headerJson = Buffer.from(JSON.stringify(header));
    const out = createWriteStream(packedPath);
    let writeError: Error | null = null;
    out.on("error", (e) => (writeError = e));
    const write = async (b: Buffer) => {
      if (writeError) throw writeError;
      if (!out.write(b)) await once(out, "drain");
    };
    const lengthBuf = Buffer.alloc(4);
    lengthBuf.writeUInt32LE(headerJson.length);
    await write(Buffer.concat([Buffer.from(IMAGE_MAGIC), lengthBuf, headerJson, Buffer.alloc(images.length * 2)]));

    for (let i = 0; i < images.length; i++) {
      const f = images[i]!;
      const bytes = await readEntry(zip, f.entry, limits.maxEntryBytes);
      let pixels: Buffer;
      try {
        let pipeline = sharp(bytes, { failOn: "error", limitInputPixels: 50_000_000 })
          .resize(size, size, { fit: "fill" })
          .removeAlpha();
        pipeline = channels === 1 ? pipeline.grayscale() : pipeline.toColourspace("srgb");
        const result = await pipeline.raw().toBuffer({ resolveWithObject: true });
        if (result.info.channels !== channels) throw new Error(`got ${result.info.channels} channels`);
        pixels = result.data;
      } catch {
        throw new DatasetInputError("zip.badImage", { name: f.name });
      }
      await write(pixels);
      options.onProgress?.(i + 1, images.length);
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    // Labels go into the space reserved after the header.
    const fh = await openFile(packedPath, "r+");
    await fh.write(
      Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength),
      0,
      labels.byteLength,
      IMAGE_MAGIC.length + 4 + headerJson.length,
    );
    await fh.close();

    const splitSeed = seedFromSha256(options.sha256);
    const assignments = splitRows(labels, splitSeed);
    return {
      format: { kind: "images", width: size, height: size, channels },
      packedPath,
      rowCount: images.length,
      classes,
      classCounts: classCounts(classes, labels, assignments),
      splitSeed,
      assignments,
      splitCounts: countSplit(assignments),
    };
  } catch (error) {
    await rm(packedPath, { force: true });
    throw error;
  } finally {
    zip.close();
  }
}

/** Reads the header of a packed image file. */
export async function readImageHeader(
  filePath: string,
): Promise<{ header: TImageHeader; labelsOffset: number; pixelsOffset: number }> {
  const fh = await openFile(filePath, "r");
  try {
    const head = Buffer.alloc(IMAGE_MAGIC.length + 4);
    await fh.read(head, 0, head.length, 0);
    if (head.subarray(0, IMAGE_MAGIC.length).toString() !== IMAGE_MAGIC) throw new Error("not a Trainyard image file");
    const len = head.readUInt32LE(IMAGE_MAGIC.length);
    const json = Buffer.alloc(len);
    await fh.read(json, 0, len, head.length);
    const header = JSON.parse(json.toString()) as TImageHeader;
    const labelsOffset = head.length + len;
    return { header, labelsOffset, pixelsOffset: labelsOffset + header.count * 2 };
  } finally {
    await fh.close();
  }
}

/** One image as PNG (for thumbnails), scaled up for visibility. */
export async function imagePng(filePath: string, index: number, scale = 2): Promise<{ png: Buffer; label: string }> {
  const { header, labelsOffset, pixelsOffset } = await readImageHeader(filePath);
  if (index < 0 || index >= header.count) throw new RangeError("image index out of range");
  const bytes = header.width * header.height * header.channels;
  const fh = await openFile(filePath, "r");
  try {
    const px = Buffer.alloc(bytes);
    await fh.read(px, 0, bytes, pixelsOffset + index * bytes);
    const lb = Buffer.alloc(2);
    await fh.read(lb, 0, 2, labelsOffset + index * 2);
    const png = await sharp(px, { raw: { width: header.width, height: header.height, channels: header.channels } })
      .resize(header.width * scale, header.height * scale, { kernel: "nearest" })
      .png()
      .toBuffer();
    return { png, label: header.classes[lb.readUInt16LE(0)] ?? "" };
  } finally {
    await fh.close();
  }
}

/** Indices of the first `perClass` images of each class, for the preview grid. */
export async function sampleIndicesByClass(
  filePath: string,
  perClass: number,
  /** Rows not to show (the private test half while it is hidden from the viewer). */
  skip: (index: number) => boolean = () => false,
): Promise<{ label: string; indices: number[] }[]> {
  const { header, labelsOffset } = await readImageHeader(filePath);
  const fh = await openFile(filePath, "r");
  try {
    const buf = Buffer.alloc(header.count * 2);
    await fh.read(buf, 0, buf.length, labelsOffset);
    const groups = header.classes.map((label) => ({ label, indices: [] as number[] }));
    for (let i = 0; i < header.count; i++) {
      const g = groups[buf.readUInt16LE(i * 2)];
      if (g && g.indices.length < perClass && !skip(i)) g.indices.push(i);
    }
    return groups;
  } finally {
    await fh.close();
  }
}
