import { describe, expect, it } from "vitest";
import { scratchFiles } from "../factories/storage";
import { errorResponse } from "../http";
import { readMultipartUpload, UploadTooLargeError } from "./upload";

const MB = 1024 * 1024;
const BOUNDARY = "----trainyard-limit-test";

/** A multipart request whose file part is `fileBytes` long, produced on demand in 64 KB chunks; counts what was pulled. */
function streamedUpload(fileBytes: number, { declare }: { declare: boolean }) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const total = head.length + fileBytes + tail.length;
  let produced = 0;
  let sentHead = false;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!sentHead) {
          sentHead = true;
          produced += head.length;
          return controller.enqueue(head);
        }
        const left = total - tail.length - produced;
        if (left <= 0) {
          if (produced < total) {
            produced += tail.length;
            return controller.enqueue(tail);
          }
          return controller.close();
        }
        const n = Math.min(64 * 1024, left);
        produced += n;
        controller.enqueue(Buffer.alloc(n, 0x61));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const headers: Record<string, string> = { "content-type": `multipart/form-data; boundary=${BOUNDARY}` };
  if (declare) headers["content-length"] = String(total);
  const request = new Request("http://localhost/api/datasets", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => produced, cancelled: () => cancelled };
}

const partFiles = async () => (await scratchFiles()).filter((f) => f.endsWith(".part"));

describe("upload body limit: 413 before reading, and reading stops at the limit", () => {
  it("refuses a declared length over the limit without reading the body", async () => {
    const { request, pulled } = streamedUpload(64 * MB, { declare: true });
    const error = await readMultipartUpload(request, { maxBytes: 1 * MB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(pulled()).toBe(0);
    const response = errorResponse(error);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", fields: { file: "file.tooLarge" }, maxBytes: 1 * MB },
    });
  });

  it("stops reading a chunked upload once the file passes the limit: the rest of the body is not read, nothing is left staged", async () => {
    const { request, pulled, cancelled } = streamedUpload(64 * MB, { declare: false });
    const error = await readMultipartUpload(request, { maxBytes: 1 * MB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    // The client's stream is cancelled (not drained in the background), having given the limit, the form's
    // framing and what was in flight — not the 64 MB it would send.
    await expect.poll(cancelled, { timeout: 2_000 }).toBe(true);
    expect(pulled()).toBeLessThan(3 * MB);
    expect(await partFiles()).toEqual([]);
  });

  it("still accepts a chunked upload within the limit", async () => {
    const { request } = streamedUpload(512 * 1024, { declare: false });
    const { fields, file } = await readMultipartUpload(request, { maxBytes: 1 * MB });
    expect(fields).toEqual({ title: "Big" });
    expect(file?.staged.sizeBytes).toBe(512 * 1024);
    await file?.staged.discard();
    expect(await partFiles()).toEqual([]);
  });
});
