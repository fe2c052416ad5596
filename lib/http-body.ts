import { AppError } from "./errors";

/**
 * Request body limits: a body is refused with 413 by its
 * declared Content-Length before a byte of it is read; a body without one
 * (chunked) is counted while it streams in and abandoned at the limit, so no
 * route ever holds more than its limit of one request in memory.
 */
export class PayloadTooLargeError extends AppError {
  constructor(
    readonly maxBytes: number,
    field = "body",
  ) {
    super("PAYLOAD_TOO_LARGE", { [field]: `${field}.tooLarge` }, { values: { maxBytes }, message: "body too large" });
    this.name = "PayloadTooLargeError";
  }

  override details() {
    return { fields: this.fieldErrors, maxBytes: this.maxBytes };
  }
}

/** The declared Content-Length, or null when absent or not a plain number (the stream is counted instead). */
export function declaredLength(request: Request): number | null {
  const header = request.headers.get("content-length");
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header);
}

/** Throws PayloadTooLargeError when the declared length alone is over the limit. */
export function assertDeclaredLength(request: Request, maxBytes: number, field?: string): void {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) throw new PayloadTooLargeError(maxBytes, field);
}

/** Reads the whole body, never more than `maxBytes` of it: the declared length first, then a running count. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  assertDeclaredLength(request, maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    // Stop the client's stream: the rest of the body is never read.
    await reader.cancel().catch(() => {});
    throw error;
  }
  return Buffer.concat(chunks, size);
}
