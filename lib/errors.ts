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
  | "UNAVAILABLE";

export const STATUS_BY_CODE: Record<TAppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 422,
  RATE_LIMITED: 429,
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
