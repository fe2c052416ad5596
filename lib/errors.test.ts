import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { RunUserError } from "../worker/training/train-run";
import { SpecInvalidError, isSpecInvalid } from "./configs/errors";
import { DatasetInputError } from "./datasets/errors";
import {
  AppError,
  errorNumber,
  isAppError,
  isRateLimited,
  RateLimitedError,
  STATUS_BY_CODE,
  type TAppErrorCode,
} from "./errors";
import { errorResponse } from "./http";
import { PayloadTooLargeError } from "./http-body";
import { DataPreparationError } from "./runs/preprocess";
import { StorageFullError } from "./storage";

/** The body and status errorResponse answers for `error`. */
async function answer(error: unknown) {
  const response = errorResponse(error);
  return {
    status: response.status,
    body: (await response.json()) as { error: Record<string, unknown> },
    headers: response.headers,
  };
}

/** A copy of an error as another bundle's copy of its class would make it: same fields, a different prototype chain. */
function fromOtherBundle<E extends Error>(error: E): Error {
  const copy = Object.assign(new Error(error.message), error) as Error & Record<string, unknown>;
  const proto = Object.getPrototypeOf(error) as Record<string, unknown>;
  // The methods travel with the other copy's prototype: give the stand-in its own, unrelated to ours.
  const foreign = Object.create(Error.prototype) as Record<string, unknown>;
  for (
    let p: Record<string, unknown> | null = proto;
    p && p !== (Error.prototype as unknown);
    p = Object.getPrototypeOf(p) as Record<string, unknown> | null
  ) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === "constructor" || name in foreign) continue;
      Object.defineProperty(foreign, name, Object.getOwnPropertyDescriptor(p, name)!);
    }
  }
  Object.setPrototypeOf(copy, foreign);
  return copy;
}

const issue = { path: "model.layers[0].units", code: "too_small", message: "model.layers[0].units: at least 1" };

describe("one error base", () => {
  const cases: [string, AppError, number, TAppErrorCode][] = [
    ["AppError", new AppError("NOT_FOUND"), 404, "NOT_FOUND"],
    ["RateLimitedError", new RateLimitedError("apiWrite", 42), 429, "RATE_LIMITED"],
    ["PayloadTooLargeError", new PayloadTooLargeError(1024, "file"), 413, "PAYLOAD_TOO_LARGE"],
    ["StorageFullError", new StorageFullError(), 503, "UNAVAILABLE"],
    ["SpecInvalidError", new SpecInvalidError([{ ...issue, extra: "not sent" } as never]), 422, "INVALID_SPEC"],
    [
      "DatasetInputError",
      new DatasetInputError("csv.ragged", { line: 3, fields: 2, expected: 3 }),
      422,
      "INVALID_DATA",
    ],
    [
      "DataPreparationError",
      new DataPreparationError("runErrors.splitMismatch", { rows: 5, split: 4 }),
      422,
      "INVALID_DATA",
    ],
    ["RunUserError", new RunUserError("runErrors.nanLoss"), 422, "RUN_FAILED"],
  ];

  it.each(cases)("%s is an AppError and answers its own status and code", async (_name, error, status, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(isAppError(error)).toBe(true);
    expect(error.status).toBe(status);
    expect(STATUS_BY_CODE[error.code]).toBe(status);
    const { status: answered, body } = await answer(error);
    expect(answered).toBe(status);
    expect(body.error.code).toBe(code);
  });

  it.each(cases)(
    "%s is recognised without instanceof (another bundle's copy of the class)",
    async (_name, error, status, code) => {
      const copy = fromOtherBundle(error);
      expect(copy).not.toBeInstanceOf(AppError);
      expect(isAppError(copy)).toBe(true);
      const ours = await answer(error);
      const theirs = await answer(copy);
      expect(theirs.status).toBe(status);
      expect(theirs.body).toEqual(ours.body);
      expect(theirs.body.error.code).toBe(code);
      expect(theirs.headers.get("retry-after")).toBe(ours.headers.get("retry-after"));
    },
  );

  it("keeps each subclass's wire body", async () => {
    expect((await answer(new AppError("INVALID_INPUT", { title: "title.required" }))).body).toEqual({
      error: { code: "INVALID_INPUT", fields: { title: "title.required" } },
    });
    const limited = await answer(new RateLimitedError("apiWrite", 42));
    expect(limited.body).toEqual({ error: { code: "RATE_LIMITED", limit: "apiWrite", retryAfter: 42 } });
    expect(limited.headers.get("retry-after")).toBe("42");
    expect((await answer(new PayloadTooLargeError(1024, "file"))).body).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", fields: { file: "file.tooLarge" }, maxBytes: 1024 },
    });
    expect((await answer(new SpecInvalidError([{ ...issue, extra: "x" } as never]))).body).toEqual({
      error: { code: "INVALID_SPEC", issues: [issue] },
    });
    expect((await answer(new DatasetInputError("csv.ragged", { line: 3 }))).body).toEqual({
      error: { code: "INVALID_DATA", key: "csv.ragged", values: { line: 3 } },
    });
    expect((await answer(new StorageFullError())).body).toEqual({
      error: { code: "UNAVAILABLE", fields: { file: "file.storageFull" } },
    });
  });

  it("carries a message key and typed values; numbers never travel in the message", () => {
    const error = new AppError("RATE_LIMITED", { run: "competition.dailyLimit" }, { values: { limit: 7 } });
    expect(errorNumber(error, "limit")).toBe(7);
    expect(error.message).not.toMatch(/\d/);
    expect(new AppError("FORBIDDEN").key).toBe("apiErrors.FORBIDDEN");
    const data = new DatasetInputError("csv.ragged", { line: 12, fields: 2, expected: 3 });
    expect([data.key, data.values, data.message]).toEqual([
      "csv.ragged",
      { line: 12, fields: 2, expected: 3 },
      "csv.ragged",
    ]);
    for (const e of [
      new RateLimitedError("apiWrite", 42),
      new PayloadTooLargeError(1024),
      data,
      new DataPreparationError("runErrors.splitMismatch", { rows: 5, split: 4 }),
    ]) {
      expect(e.message, e.name).not.toMatch(/\d/);
    }
    expect(errorNumber(new PayloadTooLargeError(1024), "maxBytes")).toBe(1024);
    expect(errorNumber(new AppError("NOT_FOUND"), "limit")).toBeUndefined();
  });

  it("tells a rate limit from other RATE_LIMITED errors, and a spec error from other 422s, by fields", () => {
    expect(isRateLimited(fromOtherBundle(new RateLimitedError("upload", 5)))).toBe(true);
    expect(
      isRateLimited(new AppError("RATE_LIMITED", { run: "competition.totalLimit" }, { values: { limit: 3 } })),
    ).toBe(false);
    expect(isSpecInvalid(fromOtherBundle(new SpecInvalidError([issue as never])))).toBe(true);
    expect(isSpecInvalid(new AppError("INVALID_INPUT"))).toBe(false);
    expect(isAppError(Object.assign(new Error("x"), { code: "NOT_FOUND" }))).toBe(false);
  });

  it("still maps zod errors and unknown errors as before", async () => {
    const zod = z.object({ name: z.string() }).safeParse({}).error as ZodError;
    expect(await answer(zod)).toMatchObject({
      status: 422,
      body: { error: { code: "INVALID_INPUT", fields: { name: "invalid" } } },
    });
    expect(await answer(new Error("secret detail 123"))).toMatchObject({
      status: 500,
      body: { error: { code: "INTERNAL" } },
    });
  });
});
