import { AppError, isAppError } from "../errors";
import type { TSpecIssue } from "./shapes";

/** A spec that failed validation: the issues carry exact paths. Routes answer 422 { code: "INVALID_SPEC", issues }. */
export class SpecInvalidError extends AppError {
  constructor(readonly issues: TSpecIssue[]) {
    super("INVALID_SPEC", { spec: "spec.invalid" });
    this.name = "SpecInvalidError";
  }

  override details() {
    return { issues: this.issues.map(({ path, code, message }) => ({ path, code, message })) };
  }
}

/** A SpecInvalidError from any bundle copy of this file (instanceof fails between copies; see lib/errors.ts). */
export const isSpecInvalid = (e: unknown): e is SpecInvalidError =>
  isAppError(e) && e.code === "INVALID_SPEC" && Array.isArray((e as Partial<SpecInvalidError>).issues);
