import { AppError } from "../errors";
import type { TSpecIssue } from "./shapes";

/** A spec that failed validation: the issues carry exact paths. Routes answer 422 with them. */
export class SpecInvalidError extends AppError {
  constructor(readonly issues: TSpecIssue[]) {
    super("INVALID_INPUT", { spec: "spec.invalid" });
  }
}
