/**
 * What the first bytes of an upload say it is, before it is read as a table: shared by the server's check
 * (csv.ts sniffFormat) and the upload form, which reads the header row in the browser to offer the columns as
 * targets. Runtime-neutral (no node: imports): the browser bundles it.
 */

/** Files people upload as ".csv" that are not text tables; each has its own message (datasetErrors.csv.notText). */
export type TBinaryFormat = "png" | "jpeg" | "gif" | "webp" | "pdf" | "zip" | "xls" | "gzip" | "parquet";

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Signatures made of printable letters could begin a header row ("PAR1,PAR2,label"): `ascii` ones count only in
 * a file that is not text anyway. */
const SIGNATURES: { format: TBinaryFormat; bytes: readonly number[]; at?: number; ascii?: boolean }[] = [
  { format: "png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: "jpeg", bytes: [0xff, 0xd8, 0xff] },
  { format: "gif", bytes: ascii("GIF8"), ascii: true },
  { format: "webp", bytes: ascii("WEBP"), at: 8, ascii: true },
  { format: "pdf", bytes: ascii("%PDF-"), ascii: true },
  // .xlsx, .ods and .docx are zip archives too.
  { format: "zip", bytes: [0x50, 0x4b, 0x03, 0x04], ascii: true },
  { format: "zip", bytes: [0x50, 0x4b, 0x05, 0x06], ascii: true },
  // OLE2 compound file: Excel 97–2003 .xls.
  { format: "xls", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { format: "gzip", bytes: [0x1f, 0x8b] },
  { format: "parquet", bytes: ascii("PAR1"), ascii: true },
];

/** Not UTF-8 text: a NUL byte, or bytes that do not decode (a character cut by the end of the sample is fine). */
export function isNotText(head: Uint8Array): boolean {
  if (head.includes(0)) return true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** The binary format the file starts like, or null (it may still be binary: the NUL and UTF-8 checks follow). */
export function binaryFormatOf(head: Uint8Array): TBinaryFormat | null {
  const match = SIGNATURES.find(({ bytes, at = 0 }) => startsWith(head, bytes, at));
  return match && (!match.ascii || isNotText(head)) ? match.format : null;
}

/** A byte-order mark of UTF-16 (Excel's "Unicode Text" export): text, but not UTF-8. */
export const isUtf16 = (head: Uint8Array) => startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);

/**
 * The column names of the header row in the first bytes of a file, for the target picker; none when the bytes are
 * not UTF-8 text (a PNG renamed .csv must not offer "\uFFFDPNG" as a column: the upload answers with the real problem).
 */
export function headerColumns(head: Uint8Array): string[] {
  if (isUtf16(head) || isNotText(head)) return [];
  const text = new TextDecoder("utf-8").decode(head, { stream: true });
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  // Control characters in a header row mean binary content that happens to be valid UTF-8.
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(first)) return [];
  const delimiter = [",", "\t", ";", "|"].sort((a, b) => first.split(b).length - first.split(a).length)[0]!;
  return first
    .split(delimiter)
    .map((c) => c.trim().replace(/^"|"$/g, ""))
    .filter(Boolean);
}
