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
export async function* tableWithoutPrivateHalf(filePath: string, format: TCsvFormat, assignments: Uint8Array): AsyncGenerator<Buffer> {
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

/** One stored zip entry's local header, and its central-directory record. */
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
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(offset, 42);
  return { head: Buffer.concat([local, nameBytes]), central: Buffer.concat([central, nameBytes]) };
}

/** A class name as a single, harmless folder name (class names were checked at upload; this is belt and braces). */
const safeFolder = (label: string) => label.replace(/[\\/\0]/g, "_").replace(/^\.+/, "_") || "_";

/**
 * An image version without its private-half images: a zip with one folder per class of the version's stored
 * (resized) images as PNG, `<class>/<row>.png`. Streamed entry by entry; only the central directory is kept.
 */
export async function* imagesWithoutPrivateHalf(packedPath: string, assignments: Uint8Array): AsyncGenerator<Buffer> {
  const { header } = await readImageHeader(packedPath);
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < header.count; i++) {
    if (assignments[i] === SPLIT.TEST_PRIVATE) continue;
    const { png, label } = await imagePng(packedPath, i, 1);
    const entry = zipEntry(`${safeFolder(label)}/${String(i).padStart(6, "0")}.png`, png, offset);
    centrals.push(entry.central);
    offset += entry.head.length + png.length;
    yield entry.head;
    yield png;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([directory, end]);
}
