import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import { negotiateLocale } from "./locales";

function has(obj: unknown, key: string): boolean {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), obj) !== undefined;
}

describe("message catalogue", () => {
  it("has a message for every validation key the domain can return", () => {
    const keys = [
      "invalid",
      "email.required", "email.invalid", "email.taken",
      "handle.tooShort", "handle.tooLong", "handle.format", "handle.reserved", "handle.taken",
      "password.required", "password.tooShort", "password.tooLong",
      "name.tooLong", "bio.tooLong",
    ];
    for (const key of keys) expect(has(en.validation, key), key).toBe(true);
  });
});

describe("negotiateLocale", () => {
  it("prefers a supported cookie, then Accept-Language, then English", () => {
    expect(negotiateLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,en;q=0.5")).toBe("en");
    expect(negotiateLocale("xx", null)).toBe("en");
    expect(negotiateLocale(undefined, "garbage;q=abc")).toBe("en");
  });
});
