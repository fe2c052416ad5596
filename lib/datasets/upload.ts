import busboy from "busboy";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "../errors";
import { declaredLength, PayloadTooLargeError } from "../http-body";
import { BlobTooLargeError, getBlobStore, type TStagedBlob } from "../storage";

/**
 * Reads a multipart upload (form fields + one file) from a web Request,
 * streaming the file into staging storage while hashing it. Never holds the
 * file in memory. Field errors are 422s with catalogue keys; too large → 413.
 */
export type TMultipartUpload = {
  fields: Record<string, string>;
  file: { staged: TStagedBlob; fileName: string } | null;
};

/** 413 with the file field's message (the form shows the limit). */
export class UploadTooLargeError extends PayloadTooLargeError {
  constructor(maxBytes: number) {
    super(maxBytes, "file");
  }
}

/** Room for the form's other fields and the multipart framing around the file (fields are capped at 50 × 64 KB by busboy). */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

export async function readMultipartUpload(
  request: Request,
  { maxBytes }: { maxBytes: number },
): Promise<TMultipartUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body)
    throw new AppError("INVALID_INPUT", { file: "file.required" });
  // 413 before reading anything when the declared length is already too much; otherwise the body is counted below.
  if ((declaredLength(request) ?? 0) > maxBytes + MULTIPART_OVERHEAD_BYTES) throw new UploadTooLargeError(maxBytes);

  const fields: Record<string, string> = {};
  let file: TMultipartUpload["file"] = null;
  let pending: Promise<void> | null = null;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: 1, fields: 50, fieldSize: 64 * 1024 },
      defParamCharset: "utf8",
    });
  } catch {
    // busboy throws on a content type it cannot use (e.g. an empty boundary): the client's mistake, not a 500.
    throw new AppError("INVALID_INPUT", { file: "file.malformed" });
  }
  const source = Readable.fromWeb(request.body as unknown as WebReadableStream);
  let fileStream: Readable | null = null;
  const done = new Promise<void>((resolve, reject) => {
    // On any failure reading stops: the rest of the body is never read (not even drained), and a file being staged
    // is abandoned, which makes its stage remove the partial file.
    let failed = false;
    const fail = (error: unknown) => {
      failed = true;
      source.unpipe(parser);
      source.destroy();
      fileStream?.destroy();
      reject(error);
    };
    let received = 0;
    source.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes + MULTIPART_OVERHEAD_BYTES) fail(new UploadTooLargeError(maxBytes));
    });
    source.on("error", () => fail(new AppError("INVALID_INPUT", { file: "file.malformed" })));
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (_name, stream, info) => {
      const fileName = info.filename;
      // A form cut off mid-file errors this stream too; the parser's own "error" reports it. Unlistened, it would crash the process.
      stream.on("error", () => {});
      // After a failure the parser still emits parts from data it already holds: staging one would wait forever.
      if (!fileName || failed) {
        stream.resume();
        return;
      }
      fileStream = stream;
      pending = getBlobStore()
        .stage(stream, { maxBytes })
        .then((staged) => {
          file = { staged, fileName };
        });
      pending.catch((error: unknown) =>
        fail(error instanceof BlobTooLargeError ? new UploadTooLargeError(maxBytes) : error),
      );
    });
    parser.on("filesLimit", () => fail(new AppError("INVALID_INPUT", { file: "file.onlyOne" })));
    parser.on("error", () => fail(new AppError("INVALID_INPUT", { file: "file.malformed" })));
    parser.on("close", () => resolve());
  });
  source.pipe(parser);
  try {
    await done;
    if (pending) await pending;
  } catch (error) {
    // A file still being staged when the form failed is discarded once its stage settles, not left behind.
    await (pending as Promise<void> | null)?.catch(() => {});
    const staged = (file as TMultipartUpload["file"])?.staged;
    await staged?.discard();
    throw error;
  }
  return { fields, file };
}
