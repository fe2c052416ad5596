/**
 * Typed application errors: one base, AppError, for every error that means something to a caller. Each carries a
 * code (the wire code), the HTTP status for it, a message-catalogue key and typed values for that message (a limit,
 * a line number…) — numbers never travel inside `Error.message`. The one mapper in lib/http.ts turns any of them
 * into a response by these fields; server actions turn them into a TActionResult (app/_server/action-result.ts).
 * Subclasses: RateLimitedError (here), PayloadTooLargeError (lib/http-body.ts), StorageFullError (lib/storage),
 * SpecInvalidError (lib/configs/errors.ts), DatasetInputError (lib/datasets/errors.ts), DataPreparationError
 * (lib/runs/preprocess.ts), RunUserError (worker/training/train-run.ts).
 */
export type TAppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "INVALID_SPEC"
  | "INVALID_DATA"
  | "RUN_FAILED"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "UNAVAILABLE";

export const STATUS_BY_CODE: Record<TAppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 422,
  INVALID_SPEC: 422,
  INVALID_DATA: 422,
  RUN_FAILED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

/** Values for an error's message ({ line }, { limit }, { minutes }…): typed, never parsed back out of text. */
export type TErrorValues = Record<string, string | number>;

export type TAppErrorOptions = {
  /** Catalogue key of the message; defaults to "apiErrors.<CODE>". */
  key?: string;
  values?: TErrorValues;
  /** For logs only: never shown to users, never parsed. Defaults to the key. */
  message?: string;
};

export class AppError extends Error {
  /**
   * The brand isAppError reads: a Next build can bundle lib/ into more than one server chunk (route handlers, pages,
   * actions), and `instanceof` fails between the copies.
   */
  readonly appError = true as const;
  readonly status: number;
  readonly key: string;
  readonly values: TErrorValues;

  constructor(
    readonly code: TAppErrorCode,
    /** Field name → message key, for forms. */
    readonly fieldErrors: Record<string, string> = {},
    { key, values = {}, message }: TAppErrorOptions = {},
  ) {
    super(message ?? key ?? code);
    this.name = "AppError";
    this.status = STATUS_BY_CODE[code];
    this.key = key ?? `apiErrors.${code}`;
    this.values = values;
  }

  /** What an HTTP error body carries besides the code: `{ error: { code, ...details() } }`. */
  details(): Record<string, unknown> {
    return { fields: this.fieldErrors };
  }

  /** Extra response headers (Retry-After for a rate limit). */
  headers(): Record<string, string> {
    return {};
  }
}

/** Any AppError (or subclass), from whichever bundle copy of this file made it: recognised by its brand. */
export const isAppError = (e: unknown): e is AppError =>
  e instanceof Error && (e as Partial<AppError>).appError === true && typeof (e as Partial<AppError>).code === "string";

/** A number from an error's typed values, or undefined (for "limit", "max", …). */
export const errorNumber = (e: AppError, name: string): number | undefined => {
  const value = e.values[name];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
};

/**
 * A rate limit was hit (lib/limits): RATE_LIMITED with which limit and how many seconds until a retry can succeed.
 * lib/http.ts answers 429 with `Retry-After`; server actions show "try again in N minutes".
 */
export class RateLimitedError extends AppError {
  constructor(
    readonly limit: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", {}, { values: { limit, retryAfterSeconds }, message: `rate limit ${limit}` });
    this.name = "RateLimitedError";
  }

  /** Whole minutes to wait, at least 1, for messages. */
  get retryAfterMinutes(): number {
    return Math.max(1, Math.ceil(this.retryAfterSeconds / 60));
  }

  override details() {
    return { limit: this.limit, retryAfter: this.retryAfterSeconds };
  }

  override headers() {
    return { "Retry-After": String(this.retryAfterSeconds) };
  }
}

/**
 * A RateLimitedError (not any RATE_LIMITED AppError, such as a competition's submission limit): by brand and fields,
 * since `instanceof` fails between bundle copies.
 */
export const isRateLimited = (e: unknown): e is RateLimitedError =>
  isAppError(e) && e.code === "RATE_LIMITED" && typeof (e as Partial<RateLimitedError>).retryAfterSeconds === "number";
