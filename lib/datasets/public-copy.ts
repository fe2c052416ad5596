import { crc32 } from "node:zlib";
import { csvRows, type TCsvFormat } from "./csv";
import { imagePng, readImageHeader } from "./images";
import { SPLIT } from "./split";

/*
 * What a viewer who may not see the private half downloads while it is hidden (lib/permissions/hidden-half.ts):
 * the version's rows without the private half's, streamed — never the original file, whose private rows and labels
 * would let anyone score any run on the private half offline.
 */

const quote = (cell: string, delimiter: string) =>
  cell.includes(delimiter) || /["\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;

/** The table without its private-half rows, as CSV/TSV in the version's delimiter (cells re-quoted where needed). */
export async function* tableWithoutPrivateHalf(
  filePath: string,
  format: TCsvFormat,
  assignments: Uint8Array,
): AsyncGenerator<Buffer> {
  // Rows numbered by csvRows, as at upload: row i here is row i of the split.
  let row = 0;
  let batch: string[] = [];
  const line = (cells: string[]) => cells.map((c) => quote(c, format.delimiter)).join(format.delimiter);
  for await (const item of csvRows(filePath, format)) {
    if (item.kind === "header") batch.push(line(item.header));
    else if (assignments[row++] !== SPLIT.TEST_PRIVATE) batch.push(line(item.record));
    if (batch.length >= 1000) {
      yield Buffer.from(`${batch.join("\n")}\n`);
      batch = [];
    }
  }
  if (batch.length) yield Buffer.from(`${batch.join("\n")}\n`);
}

const U16 = 0xffff;
const U32 = 0xffffffff;

/** One stored zip entry's local header and its central-directory record (ZIP64 offset past 4 GiB). */
function zipEntry(name: string, data: Buffer, offset: number) {
  const nameBytes = Buffer.from(name, "utf8");
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const far = offset >= U32;
  const extra = far ? Buffer.alloc(12) : Buffer.alloc(0);
  if (far) {
    extra.writeUInt16LE(0x0001, 0); // ZIP64 extended information: the local header's offset
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(offset), 4);
  }
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(far ? 45 : 20, 4);
  central.writeUInt16LE(far ? 45 : 20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(far ? U32 : offset, 42);
  return { head: Buffer.concat([local, nameBytes]), central: Buffer.concat([central, nameBytes, extra]) };
}

/** The end of the central directory, with the ZIP64 records when the entry count or an offset outgrows 16/32 bits. */
function zipEnd(count: number, directoryBytes: number, directoryOffset: number): Buffer {
  const zip64 = count >= U16 || directoryBytes >= U32 || directoryOffset >= U32;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directoryBytes), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directoryBytes), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, U16), 8);
  end.writeUInt16LE(Math.min(count, U16), 10);
  end.writeUInt32LE(Math.min(directoryBytes, U32), 12);
  end.writeUInt32LE(Math.min(directoryOffset, U32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** A zip of stored (uncompressed) entries, streamed entry by entry; only the central directory is kept in memory. */
export async function* storedZip(entries: AsyncIterable<{ name: string; data: Buffer }>): AsyncGenerator<Buffer> {
  const centrals: Buffer[] = [];
  let offset = 0;
  for await (const { name, data } of entries) {
    const entry = zipEntry(name, data, offset);
    centrals.push(entry.central);
    offset += entry.head.length + data.length;
    yield entry.head;
    yield data;
  }
  const directory = Buffer.concat(centrals);
  yield Buffer.concat([directory, zipEnd(centrals.length, directory.length, offset)]);
}

/** A class name as a single, harmless folder name (class names were checked at upload; this is belt and braces). */
const safeFolder = (label: string) => label.replace(/[\\/\0]/g, "_").replace(/^\.+/, "_") || "_";

/**
 * An image version without its private-half images: a zip with one folder per class of the version's stored
 * (resized) images as PNG, `<class>/<row>.png`.
 */
export async function* imagesWithoutPrivateHalf(packedPath: string, assignments: Uint8Array): AsyncGenerator<Buffer> {
  const { header } = await readImageHeader(packedPath);
  async function* images() {
    for (let i = 0; i < header.count; i++) {
      if (assignments[i] === SPLIT.TEST_PRIVATE) continue;
      const { png, label } = await imagePng(packedPath, i, 1);
      yield { name: `${safeFolder(label)}/${String(i).padStart(6, "0")}.png`, data: png };
    }
  }
  yield* storedZip(images());
}
