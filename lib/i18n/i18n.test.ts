import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CLIENT_NAMESPACES, negotiateLocale } from "./locales";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

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

describe("client catalogue", () => {
  it("ships every namespace a client component reads", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve(import.meta.dirname, "../../app"))) {
      const source = readFileSync(file, "utf8");
      if (!source.startsWith('"use client"')) continue;
      expect(source, `${file} must name its namespace`).not.toMatch(/useTranslations\(\)/);
      for (const m of source.matchAll(/useTranslations\("([\w]+)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const ns of used) expect(CLIENT_NAMESPACES as readonly string[], ns).toContain(ns);
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
