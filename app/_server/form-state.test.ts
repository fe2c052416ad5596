import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./form-state";

const BASE = "https://trainyard.example";

/** Where a browser would really go: the Location value resolved against our origin, as the URL parser does. */
const landsOn = (location: string) => new URL(location, BASE);

describe("safeRedirectPath", () => {
  it.each([
    ["//evil.example"],
    ["//evil.example/path"],
    ["/\\evil.example"],
    ["/\\/evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["\t//evil.example"],
    ["/%09/evil.example"],
    ["/%0a/evil.example"],
    ["/%0D%0A/evil.example"],
    ["/%5C/evil.example"],
    ["/%5cevil.example"],
    ["/%2F/evil.example"],
    ["/%2f%2fevil.example"],
    ["/.//evil.example"],
    ["/x/..//evil.example"],
    ["/\u0000/evil.example"],
    ["/\u001f/evil.example"],
    ["/\u007f/evil.example"],
    ["/path\nSet-Cookie: a=b"],
    ["/path%0d%0aSet-Cookie:%20a=b"],
    ["https://evil.example"],
    ["http:evil.example"],
    ["javascript:alert(1)"],
    ["/%E0%A4%A"],
    ["evil.example"],
    [""],
    [null],
    [undefined],
    [`/${"a".repeat(3000)}`],
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value as string | null | undefined)).toBe("/");
    expect(safeRedirectPath(value as string | null | undefined, "/u/me")).toBe("/u/me");
  });

  it.each([
    ["/", "/"],
    ["/runs/abc", "/runs/abc"],
    ["/datasets?q=iris&page=2", "/datasets?q=iris&page=2"],
    ["/configs/ada/mlp#revisions", "/configs/ada/mlp#revisions"],
    ["/leaderboards/ada/iris?metric=f1", "/leaderboards/ada/iris?metric=f1"],
    ["/u/ada/../bob", "/u/bob"],
    ["/search?q=a b", "/search?q=a%20b"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeRedirectPath(value)).toBe(expected);
  });

  it("never returns anything that leaves the origin or breaks a header, whatever the input", () => {
    const pieces = [
      "/",
      "//",
      "\\",
      "\t",
      "\n",
      "\r",
      "%09",
      "%0a",
      "%2f",
      "%5c",
      ".",
      "..",
      "evil.example",
      "@",
      ":",
      "?",
      "#",
      "a",
    ];
    let checked = 0;
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const result = safeRedirectPath(`/${a}${b}${c}`);
          expect(landsOn(result).origin).toBe(BASE);
          expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
          expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
          checked++;
        }
    expect(checked).toBe(pieces.length ** 3);
  });
});
