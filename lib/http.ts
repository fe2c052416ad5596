import { ZodError } from "zod";
import { Prisma } from "./generated/prisma/client";
import { AppError, isRateLimited, STATUS_BY_CODE } from "./errors";
import { fieldErrorsOf } from "./validation";
import { loadEnv } from "./env";
import { PayloadTooLargeError, readBodyBytes } from "./http-body";
import { createLogger } from "./logger";
import { isDatabaseUnavailable, isInvalidText } from "./db-errors";
import { isDiskFull, StorageFullError } from "./storage";
import { DatasetInputError } from "./datasets/errors";
import { SpecInvalidError } from "./configs/errors";

const log = createLogger({ service: "web" });

/**
 * The one translation from thrown errors to HTTP responses, by error class and
 * code, never by message text. Unknown errors become a bare 500; their details
 * go to the log only.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof SpecInvalidError) {
    const issues = error.issues.map(({ path, code, message }) => ({ path, code, message }));
    return Response.json({ error: { code: "INVALID_SPEC", issues } }, { status: 422 });
  }
  if (error instanceof PayloadTooLargeError) {
    return Response.json({ error: { code: error.code, fields: error.fieldErrors, maxBytes: error.maxBytes } }, { status: 413 });
  }
  if (isRateLimited(error)) {
    return Response.json(
      { error: { code: error.code, limit: error.limit, retryAfter: error.retryAfterSeconds } },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  if (error instanceof AppError) {
    return Response.json(
      { error: { code: error.code, fields: error.fieldErrors } },
      { status: STATUS_BY_CODE[error.code] },
    );
  }
  if (error instanceof DatasetInputError) {
    // Problems with the uploaded data: a catalogue key ("datasetErrors.<key>") and its values (line, column…).
    return Response.json({ error: { code: "INVALID_DATA", key: error.key, values: error.values } }, { status: 422 });
  }
  if (error instanceof ZodError) {
    return Response.json({ error: { code: "INVALID_INPUT", fields: fieldErrorsOf(error) } }, { status: 422 });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });
    if (error.code === "P2002") return Response.json({ error: { code: "CONFLICT" } }, { status: 409 });
  }
  if (isInvalidText(error)) return Response.json({ error: { code: "INVALID_INPUT", fields: { form: "invalid" } } }, { status: 422 });
  if (isDiskFull(error)) return errorResponse(new StorageFullError()); // a disk that filled outside staging (packing, profiling)
  if (isDatabaseUnavailable(error)) {
    // PostgreSQL is down or restarting: a state that passes, so 503 and a hint to retry, not a 500.
    log.warn("database unavailable", { error: (error as Error).name });
    return Response.json({ error: { code: "UNAVAILABLE" } }, { status: 503, headers: { "Retry-After": "5" } });
  }
  log.error("unhandled error in route handler", { error });
  return Response.json({ error: { code: "INTERNAL" } }, { status: 500 });
}

/**
 * Reads a JSON body of at most `maxBytes` (default REQUEST_JSON_MAX_BYTES): a larger one is a 413 before it is
 * read, or as soon as a chunked one passes the limit (lib/http-body.ts); a malformed one is a 422, not a 500.
 */
export async function readJson(request: Request, { maxBytes = loadEnv().REQUEST_JSON_MAX_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)); // as request.json(): UTF-8, a BOM dropped
  } catch {
    throw new AppError("INVALID_INPUT", { body: "invalid" });
  }
}
