/* What form actions return: TActionResult (./action-result.ts). */

export const formString = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
};

/** Characters a URL parser drops or reads as "/": tab, CR, LF, other controls, and the backslash. */
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;
const ORIGIN = "http://same-origin.invalid";

/**
 * The redirect target for a user-supplied path (`callbackUrl`): a same-origin path, else `fallback`.
 * Browsers parse "/\t/evil.example" as "//evil.example" (a tab or newline is dropped) and "/\\evil" as "//evil"
 * (a backslash is a slash), so such input is refused outright, encoded ("/%09/evil") too, since a later decode would
 * revive it. What passes is re-serialised by the URL parser, so the result has no characters that could break a
 * `Location` header, and it is checked once more for the "//host" form.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2048 || !value.startsWith("/") || value.startsWith("//"))
    return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback; // malformed escapes ("/%E0%A4%A")
  }
  if (UNSAFE_IN_PATH.test(value) || UNSAFE_IN_PATH.test(decoded) || decoded.startsWith("//")) return fallback;
  const url = new URL(value, ORIGIN);
  if (url.origin !== ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
