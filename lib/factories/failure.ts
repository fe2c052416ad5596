import { expect } from "vitest";
import { AppError } from "../errors";

/** The AppError a promise rejects with, in a Vitest test (failing it when the promise resolves or throws another). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(AppError);
  return error as AppError;
}
