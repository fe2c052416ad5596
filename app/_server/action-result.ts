import { isSpecInvalid } from "@/lib/configs/errors";
import { isAppError, type AppError, type TErrorValues } from "@/lib/errors";
import type { TSpecIssue } from "@/lib/configs/shapes";

/**
 * What a server action that answers (rather than redirects) returns: the value, or an error a form can show —
 * the code, a catalogue key for the form-level message with its values, field errors (field → catalogue key) and,
 * for a config that failed validation, its issues. On failure `input` is what the user typed (never passwords), so
 * the form keeps it. Forms start from `null` (nothing submitted yet).
 */
export type TActionError = {
  code: string;
  key: string;
  values: TErrorValues;
  fieldErrors: Record<string, string>;
  issues?: TSpecIssue[];
};

export type TActionResult<T = null, TInput extends Record<string, string> = Record<string, string>> =
  { ok: true; value: T } | { ok: false; error: TActionError; input?: Partial<TInput> };

export const actionOk = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** A failure from an AppError (any subclass) or from the parts of one; `overrides` picks the form's own key or values. */
export function actionFailure<TInput extends Record<string, string> = Record<string, string>>(
  error: AppError | (Partial<TActionError> & { code: string; key: string }),
  input?: Partial<TInput>,
): { ok: false; error: TActionError; input?: Partial<TInput> } {
  const base: TActionError = isAppError(error)
    ? {
        code: error.code,
        key: error.key,
        values: error.values,
        fieldErrors: error.fieldErrors,
        ...(isSpecInvalid(error) ? { issues: error.issues } : {}),
      }
    : { values: {}, fieldErrors: {}, ...error };
  return input === undefined ? { ok: false, error: base } : { ok: false, error: base, input };
}

/** The error of a result, or null: lets a form read `failure(state)?.fieldErrors` whatever state it is in. */
export const failureOf = <T, TInput extends Record<string, string>>(
  state: TActionResult<T, TInput> | null,
): TActionError | null => (state && !state.ok ? state.error : null);
