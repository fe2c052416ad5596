/** What a form's server action returns: field errors and the form-level error are catalogue keys. */
export type TFormState<TValues extends Record<string, string> = Record<string, string>> = {
  status: "idle" | "error" | "ok";
  fieldErrors: Record<string, string>;
  formError?: string;
  /** What the user typed (never passwords), so the form keeps it after an error. */
  values: Partial<TValues>;
};

export const initialFormState: TFormState = { status: "idle", fieldErrors: {}, values: {} };

export const formString = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
};

/** Only same-site relative paths may be redirect targets ("/x", not "//evil.example" or "https://…"). */
export function safeRedirectPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
