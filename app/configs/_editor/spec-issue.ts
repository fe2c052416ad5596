import type { TSpecIssue } from "@/lib/configs/shapes";

type TTranslate = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

/** The catalogue key of an issue's message: its code, refined by what the params say (an array, a missing field). */
function keyOf(issue: TSpecIssue): string {
  const { code, params } = issue;
  if (code === "wrongType" && params.missing) return "required";
  if ((code === "tooSmall" || code === "tooBig") && params.items)
    return code === "tooSmall" ? "tooFewItems" : "tooManyItems";
  if (code === "invalidValue" && !params.options) return "invalidValueAny";
  return code;
}

/**
 * A config problem in the reader's language, from its code and params (lib/configs/validate.ts, shapes.ts); the
 * English `message` only when the catalogue has no entry for the code (a new check added without one).
 * `t` reads the "specIssues" namespace; without the path for messages shown next to their field.
 */
export function specIssueText(t: TTranslate, issue: TSpecIssue, withPath = true): string {
  const key = keyOf(issue);
  const text = t.has(key) ? t(key, issue.params) : issue.message.slice(issue.path.length + 2);
  return withPath ? `${issue.path}: ${text}` : text;
}
