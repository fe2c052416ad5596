import { ZodError } from "zod";
import { Prisma } from "./generated/prisma/client";
import { AppError, isAppError } from "./errors";
import { fieldErrorsOf } from "./validation";
import { loadEnv } from "./env";
import { readBodyBytes } from "./http-body";
import { createLogger } from "./logger";
import { isDatabaseUnavailable, isInvalidText } from "./db-errors";
import { isDiskFull, StorageFullError } from "./storage";

const log = createLogger({ service: "web" });

/**
 * The one translation from thrown errors to HTTP responses, by error code, never by message text. Every AppError
 * (lib/errors.ts, subclasses included) answers its own status, `{ error: { code, ...details() } }` and headers;
 * it is recognised by its brand, not instanceof (bundle copies). Unknown errors become a bare 500; their details
 * go to the log only.
 */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    return Response.json(
      { error: { code: error.code, ...error.details() } },
      { status: error.status, headers: error.headers() },
    );
  }
  if (error instanceof ZodError) {
    return Response.json({ error: { code: "INVALID_INPUT", fields: fieldErrorsOf(error) } }, { status: 422 });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });
    if (error.code === "P2002") return Response.json({ error: { code: "CONFLICT" } }, { status: 409 });
  }
  if (isInvalidText(error))
    return Response.json({ error: { code: "INVALID_INPUT", fields: { form: "invalid" } } }, { status: 422 });
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
export async function readJson(
  request: Request,
  { maxBytes = loadEnv().REQUEST_JSON_MAX_BYTES }: { maxBytes?: number } = {},
): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)); // as request.json(): UTF-8, a BOM dropped
  } catch {
    throw new AppError("INVALID_INPUT", { body: "invalid" });
  }
}
