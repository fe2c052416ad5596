/**
 * Typed application errors. Domain code throws AppError with a code; the one
 * mapper in lib/http.ts turns codes into HTTP statuses and safe messages.
 * Messages here are message-catalogue keys (messages/en.json "errors.*"), never raw text.
 */
export type TAppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "UNAVAILABLE";

export const STATUS_BY_CODE: Record<TAppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    /** Field name → message key, for forms. */
    readonly fieldErrors: Record<string, string> = {},
    message: string = code,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * A rate limit was hit (lib/limits): RATE_LIMITED with which limit and how many seconds until a retry can succeed.
 * lib/http.ts answers 429 with `Retry-After`; server actions show "try again in N minutes".
 */
export class RateLimitedError extends AppError {
  constructor(
    readonly limit: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", {}, `rate limit ${limit}`);
    this.name = "RateLimitedError";
  }

  /** Whole minutes to wait, at least 1, for messages. */
  get retryAfterMinutes(): number {
    return Math.max(1, Math.ceil(this.retryAfterSeconds / 60));
  }
}

/**
 * Recognises a RateLimitedError by its fields, not its class: a Next build can bundle lib/ into more than one server
 * chunk (route handlers, pages, actions), and `instanceof` fails between the copies.
 */
export const isRateLimited = (e: unknown): e is RateLimitedError =>
  e instanceof Error && (e as Partial<AppError>).code === "RATE_LIMITED" && typeof (e as Partial<RateLimitedError>).retryAfterSeconds === "number";
