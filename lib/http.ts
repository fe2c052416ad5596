import { ZodError } from "zod";
import { Prisma } from "./generated/prisma/client";
import { AppError, STATUS_BY_CODE } from "./errors";
import { fieldErrorsOf } from "./validation";
import { createLogger } from "./logger";
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
  log.error("unhandled error in route handler", { error });
  return Response.json({ error: { code: "INTERNAL" } }, { status: 500 });
}

/** Reads a JSON body; a malformed one is a 422, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", { body: "invalid" });
  }
}
