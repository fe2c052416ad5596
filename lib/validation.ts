import type { z } from "zod";
import { AppError } from "./errors";

/** zod issues → { field: "<catalogue key>" }, first message per field. Keys live under "validation.". */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "form";
    out[field] ??= /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/.test(issue.message) ? issue.message : "invalid";
  }
  return out;
}

/**
 * Whether values read from a URL (handles, slugs, ids) can name a row at all. A NUL byte never can, and PostgreSQL
 * refuses it in any text parameter (a query error, so a 500): lookups answer "none" for it instead.
 */
export const isLookupKey = (...values: unknown[]) =>
  values.every((v) => typeof v === "string" && !v.includes("\u0000"));

/** Parses input or throws INVALID_INPUT (→ 422) with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("INVALID_INPUT", fieldErrorsOf(result.error));
  return result.data;
}
