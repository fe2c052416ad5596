import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { parse, CsvError } from "csv-parse";
import { loadEnv } from "../env";
import { DatasetInputError } from "./errors";
import { binaryFormatOf, isUtf16 } from "./file-kind";

/**
 * Streaming CSV/TSV reading with the checks a dataset upload needs: encoding,
 * binary content, delimiter, header and row shape — each failure a specific
 * DatasetInputError with the line it happened on. Never reads a file whole.
 */
export type TCsvFormat = { delimiter: "," | "\t" | ";" | "|"; bom: boolean };

const DELIMITERS: TCsvFormat["delimiter"][] = [",", "\t", ";", "|"];
const SNIFF_BYTES = 64 * 1024;

/** Counts delimiter characters outside double quotes on each of the first lines. */
function delimiterCounts(text: string, delimiter: string, maxLines = 20): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let count = 0;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) count++;
    else if (!inQuotes && ch === "\n") {
      counts.push(count);
      count = 0;
    }
  }
  if (count > 0 && counts.length < maxLines) counts.push(count);
  return counts;
}

/** Picks the delimiter that appears the same, non-zero number of times on most lines. */
export function sniffDelimiter(sample: string, fileName = ""): TCsvFormat["delimiter"] {
  let best: { d: TCsvFormat["delimiter"]; score: number } = {
    d: fileName.toLowerCase().endsWith(".tsv") ? "\t" : ",",
    score: 0,
  };
  for (const d of DELIMITERS) {
    const counts = delimiterCounts(sample, d);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

/** Reads the start of the file to reject non-text early and detect BOM and delimiter. */
export async function sniffFormat(filePath: string, fileName = ""): Promise<TCsvFormat> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) throw new DatasetInputError("csv.empty");
    // A PNG, a workbook or an archive renamed .csv is named as what it is, with what to do instead.
    const binary = binaryFormatOf(head);
    if (binary) throw new DatasetInputError("csv.notText", { format: binary });
    if (isUtf16(head)) throw new DatasetInputError("csv.utf16");
    // The message names the line: other binary content reads "line 3 contains binary data".
    if (head.includes(0))
      throw new DatasetInputError("csv.binary", { line: countNewlines(head.subarray(0, head.indexOf(0))) + 1 });
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const text = head.subarray(bom ? 3 : 0).toString("utf8");
    if (text.trim() === "") throw new DatasetInputError("csv.empty");
    return { delimiter: sniffDelimiter(text.replace(/\r\n/g, "\n"), fileName), bom };
  } finally {
    await handle.close();
  }
}

/**
 * Passes bytes through unchanged while checking they are UTF-8 and not binary,
 * keeping a line count so a bad byte is reported with its line number.
 * Multi-byte characters split across chunks are carried to the next chunk.
 */
class Utf8Guard extends Transform {
  private carry = Buffer.alloc(0);
  private line = 1;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    // Hold back an incomplete UTF-8 sequence at the end (at most 3 bytes).
    let end = data.length;
    for (let back = 1; back <= 3 && back <= data.length; back++) {
      const byte = data[data.length - back]!;
      if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (need > back) end = data.length - back;
      break;
    }
    const body = data.subarray(0, end);
    this.carry = Buffer.from(data.subarray(end));
    const problem = body.includes(0) ? "csv.binary" : isUtf8(body) ? null : "csv.notUtf8";
    if (problem) return done(new DatasetInputError(problem, { line: this.line + this.lineOfBadByte(body, problem) }));
    this.line += countNewlines(body);
    done(null, body);
  }

  override _flush(done: TransformCallback) {
    if (this.carry.length && !isUtf8(this.carry))
      return done(new DatasetInputError("csv.notUtf8", { line: this.line }));
    done(null, this.carry);
  }

  /** Lines into `body` of the first bad line (only computed on failure). */
  private lineOfBadByte(body: Buffer, problem: string): number {
    let start = 0;
    for (let offset = 0; start <= body.length; offset++) {
      let stop = body.indexOf(0x0a, start);
      if (stop === -1) stop = body.length;
      const line = body.subarray(start, stop);
      if (problem === "csv.binary" ? line.includes(0) : !isUtf8(line)) return offset;
      start = stop + 1;
    }
    return 0;
  }
}

/** Widest table and longest record accepted (DATASET_MAX_COLUMNS, DATASET_MAX_RECORD_BYTES). */
export type TCsvLimits = { maxColumns: number; maxRecordBytes: number };

export function csvLimits(): TCsvLimits {
  const env = loadEnv();
  return { maxColumns: env.DATASET_MAX_COLUMNS, maxRecordBytes: env.DATASET_MAX_RECORD_BYTES };
}

/**
 * Enforces the column and record-size limits on the raw bytes, before the
 * parser builds a record: one long line of very many columns once became as
 * many column profiles and exhausted memory. Counts delimiters outside
 * double quotes and bytes per record (a quoted newline continues the record);
 * a chunk that breaks a limit is never passed on. Quote handling is the
 * simple toggle: wherever it disagrees with csv-parse, csv-parse rejects the
 * quote itself, and the byte count bounds the record either way.
 */
class ShapeGuard extends Transform {
  private inQuotes = false;
  private fields = 1;
  private recordBytes = 0;
  private line = 1;
  private recordLine = 1;

  constructor(
    private readonly delimiter: number,
    private readonly limits: TCsvLimits,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const { maxColumns, maxRecordBytes } = this.limits;
    const delimiter = this.delimiter;
    let { inQuotes, fields, recordBytes, line, recordLine } = this;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0a) {
        line++;
        if (!inQuotes) {
          fields = 1;
          recordBytes = 0;
          recordLine = line;
          continue;
        }
      } else if (byte === 0x22) inQuotes = !inQuotes;
      else if (byte === delimiter && !inQuotes && ++fields > maxColumns) {
        return done(new DatasetInputError("csv.tooManyColumns", { line: recordLine, max: maxColumns }));
      }
      if (++recordBytes > maxRecordBytes)
        return done(new DatasetInputError("csv.recordTooLarge", { line: recordLine, max: maxRecordBytes }));
    }
    this.inQuotes = inQuotes;
    this.fields = fields;
    this.recordBytes = recordBytes;
    this.line = line;
    this.recordLine = recordLine;
    done(null, chunk);
  }
}

function countNewlines(buffer: Buffer): number {
  let n = 0;
  let i = buffer.indexOf(0x0a);
  while (i !== -1) {
    n++;
    i = buffer.indexOf(0x0a, i + 1);
  }
  return n;
}

const looksNumeric = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));

/** Validates header cells: present, unique (case-insensitively), and not all numbers. */
export function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim());
  if (names.length > 1 && names.every(looksNumeric)) throw new DatasetInputError("csv.noHeader", { line: 1 });
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (!name) throw new DatasetInputError("csv.emptyColumnName", { line: 1, column: i + 1 });
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined)
      throw new DatasetInputError("csv.duplicateColumn", { line: 1, name, column: i + 1, first: earlier + 1 });
    seen.set(key, i);
  });
  return names;
}

/**
 * Gets each data row and its record number (1 = first row after the header).
 * Return `false` to stop reading (previews). To report a problem on this row,
 * throw DatasetInputError with `{ record }`: readCsv turns it into `{ line }`.
 */
export type TRowHandler = (record: string[], recordNumber: number) => void | boolean;

const PARSE_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const;

/**
 * The file line of each data record in `recordNumbers`. Only called off the hot path (an error, a notice): tracking
 * lines for every record slows every parse measurably (docs/PERFORMANCE.md), so the upload pass counts records and
 * this second pass maps the few it needs back to lines. A record not reached (the file changed, or a parse error on
 * the way) gets its number plus one, the line it has in a file without quoted newlines.
 */
export async function linesOfRecords(
  filePath: string,
  format: TCsvFormat,
  recordNumbers: readonly number[],
): Promise<Map<number, number>> {
  const wanted = new Set(recordNumbers);
  const last = Math.max(0, ...recordNumbers);
  const lines = new Map<number, number>();
  const parser = createReadStream(filePath, { highWaterMark: 1 << 20 }).pipe(
    parse({ ...PARSE_OPTIONS, delimiter: format.delimiter, info: true }),
  );
  let index = -1; // the header is record 0
  try {
    for await (const { info } of parser as AsyncIterable<{ info: { lines: number } }>) {
      if (wanted.has(++index)) lines.set(index, info.lines);
      if (index >= last) break;
    }
  } catch {
    // fall through: the caller reports what it can
  } finally {
    parser.destroy();
  }
  for (const record of wanted) if (!lines.has(record)) lines.set(record, record + 1);
  return lines;
}

/** The file line on which data record `recordNumber` is (see linesOfRecords). */
export async function lineOfRecord(filePath: string, format: TCsvFormat, recordNumber: number): Promise<number> {
  return (await linesOfRecords(filePath, format, [recordNumber])).get(recordNumber)!;
}

/**
 * The header, then each data row with its record number, pulled one at a time: every reader of a stored table
 * (upload checks, profiles, previews, the download without the private half) numbers rows through this one
 * function, so a row's number is the same everywhere — the split's row numbers included. Problems throw
 * DatasetInputError with `{ record }` (readCsv turns it into `{ line }`).
 */
export async function* csvRows(
  filePath: string,
  format: TCsvFormat,
  { onProgress, limits = csvLimits() }: { onProgress?: (bytesRead: number) => void; limits?: TCsvLimits } = {},
): AsyncGenerator<{ kind: "header"; header: string[] } | { kind: "row"; record: string[]; recordNumber: number }> {
  const source = createReadStream(filePath, { highWaterMark: 1 << 20 });
  if (onProgress) {
    let read = 0;
    source.on("data", (chunk) => onProgress((read += chunk.length)));
  }
  const parser = parse({ ...PARSE_OPTIONS, delimiter: format.delimiter });
  const guard = new Utf8Guard();
  const shape = new ShapeGuard(format.delimiter.charCodeAt(0), limits);
  source.on("error", (e) => parser.destroy(e));
  guard.on("error", (e) => parser.destroy(e));
  shape.on("error", (e) => parser.destroy(e));
  source.pipe(guard).pipe(shape).pipe(parser);

  let header: string[] | null = null;
  let recordNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = checkHeader(record);
        yield { kind: "header", header };
        continue;
      }
      recordNumber++;
      if (record.length !== header.length) {
        // A trailing delimiter-only line like ",,," is an empty row, not data.
        if (record.every((v) => v === "")) continue;
        throw new DatasetInputError("csv.ragged", {
          record: recordNumber,
          fields: record.length,
          expected: header.length,
        });
      }
      yield { kind: "row", record, recordNumber };
    }
  } finally {
    source.destroy();
  }
}

/**
 * Streams every data row to `onRow` after validating the header. Returns the
 * header and the data row count. `onProgress` gets bytes read so far.
 */
export async function readCsv(
  filePath: string,
  format: TCsvFormat,
  handlers: { onHeader: (header: string[]) => void; onRow: TRowHandler; onProgress?: (bytesRead: number) => void },
  limits: TCsvLimits = csvLimits(),
): Promise<{ header: string[]; rowCount: number; complete: boolean }> {
  let header: string[] | null = null;
  let rowCount = 0;
  try {
    for await (const item of csvRows(filePath, format, { onProgress: handlers.onProgress, limits })) {
      if (item.kind === "header") {
        header = item.header;
        handlers.onHeader(header);
        continue;
      }
      rowCount++;
      if (handlers.onRow(item.record, item.recordNumber) === false)
        return { header: header!, rowCount, complete: false };
    }
  } catch (error) {
    if (error instanceof DatasetInputError && typeof error.values.record === "number") {
      const { record, ...rest } = error.values;
      throw new DatasetInputError(error.key, { line: await lineOfRecord(filePath, format, record), ...rest });
    }
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new DatasetInputError(error.code === "CSV_QUOTE_NOT_CLOSED" ? "csv.unclosedQuote" : "csv.malformed", {
        line: line ?? 0,
      });
    }
    throw error;
  }
  if (!header) throw new DatasetInputError("csv.empty");
  if (rowCount === 0) throw new DatasetInputError("csv.headerOnly");
  return { header, rowCount, complete: true };
}
