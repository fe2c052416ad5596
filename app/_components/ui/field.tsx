import type { ComponentProps, ReactNode } from "react";

/** A labelled input with hint and inline error, wired for screen readers. */
export function Field({
  label,
  name,
  hint,
  error,
  optionalLabel,
  multiline,
  ...input
}: {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
  optionalLabel?: string;
  multiline?: boolean;
} & ComponentProps<"input"> &
  Pick<ComponentProps<"textarea">, "rows">) {
  const id = `field-${name}`;
  // The error replaces the hint: both at once say the same thing twice.
  const showHint = hint && !error;
  const describedBy =
    [showHint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const cls = `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-stone-400 focus:outline-none focus:ring-2 ${
    error ? "border-red-500 focus:ring-red-300" : "border-stone-300 focus:border-brand-500 focus:ring-brand-100"
  }`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
        {optionalLabel ? <span className="ml-1 font-normal text-stone-500">({optionalLabel})</span> : null}
      </label>
      {multiline ? (
        <textarea
          id={id}
          name={name}
          rows={input.rows ?? 4}
          defaultValue={input.defaultValue as string | undefined}
          maxLength={input.maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cls}
        />
      ) : (
        <input
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cls}
          {...input}
        />
      )}
      {showHint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  const cls =
    tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-brand-100 bg-brand-50 text-brand-700";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${cls}`}>
      {children}
    </div>
  );
}
