import busboy from "busboy";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "../errors";
import { BlobTooLargeError, getBlobStore, type TStagedBlob } from "../storage";

/**
 * Reads a multipart upload (form fields + one file) from a web Request,
 * streaming the file into staging storage while hashing it. Never holds the
 * file in memory. Field errors are 422s with catalogue keys; too large → 413.
 */
export type TMultipartUpload = { fields: Record<string, string>; file: { staged: TStagedBlob; fileName: string } | null };

export class UploadTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super("INVALID_INPUT", { file: "file.tooLarge" });
  }
}

export async function readMultipartUpload(request: Request, { maxBytes }: { maxBytes: number }): Promise<TMultipartUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) throw new AppError("INVALID_INPUT", { file: "file.required" });
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes + 1024 * 1024) throw new UploadTooLargeError(maxBytes);

  const fields: Record<string, string> = {};
  let file: TMultipartUpload["file"] = null;
  let pending: Promise<void> | null = null;
  const parser = busboy({
    headers: { "content-type": contentType },
    limits: { files: 1, fields: 50, fieldSize: 64 * 1024 },
    defParamCharset: "utf8",
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (_name, stream, info) => {
      const fileName = info.filename;
      if (!fileName) {
        stream.resume();
        return;
      }
      pending = getBlobStore()
        .stage(stream, { maxBytes })
        .then((staged) => {
          file = { staged, fileName };
        });
      pending.catch((error: unknown) => {
        stream.resume();
        reject(error instanceof BlobTooLargeError ? new UploadTooLargeError(maxBytes) : error);
      });
    });
    parser.on("filesLimit", () => reject(new AppError("INVALID_INPUT", { file: "file.onlyOne" })));
    parser.on("error", () => reject(new AppError("INVALID_INPUT", { file: "file.malformed" })));
    parser.on("close", () => resolve());
  });
  Readable.fromWeb(request.body as unknown as WebReadableStream).pipe(parser);
  try {
    await done;
    if (pending) await pending;
  } catch (error) {
    const staged = (file as TMultipartUpload["file"])?.staged;
    await staged?.discard();
    throw error;
  }
  return { fields, file };
}
