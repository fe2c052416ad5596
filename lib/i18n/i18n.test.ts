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
  return (
    key
      .split(".")
      .reduce<unknown>(
        (node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
        obj,
      ) !== undefined
  );
}

describe("message catalogue", () => {
  it("has a message for every validation key the domain can return", () => {
    const keys = [
      "invalid",
      "email.required",
      "email.invalid",
      "email.taken",
      "handle.tooShort",
      "handle.tooLong",
      "handle.format",
      "handle.reserved",
      "handle.taken",
      "password.required",
      "password.tooShort",
      "password.tooLong",
      "name.tooLong",
      "bio.tooLong",
    ];
    for (const key of keys) expect(has(en.validation, key), key).toBe(true);
  });
});

describe("client catalogue", () => {
  it("ships every namespace a client component reads to each part of the site that renders it", () => {
    const appDir = path.resolve(import.meta.dirname, "../../app");
    const files = sourceFiles(appDir);
    const sources = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
    // A file's section is its first folder under app/ ("root" for app/*.tsx and shared components).
    const sectionOf = (file: string) => {
      const first = path.relative(appDir, file).split(path.sep)[0]!;
      return first in CLIENT_NAMESPACES ? (first as keyof typeof CLIENT_NAMESPACES) : "root";
    };
    let checked = 0;
    for (const [file, source] of sources) {
      if (!source.startsWith('"use client"')) continue;
      expect(source, `${file} must name its namespace`).not.toMatch(/useTranslations\(\)/);
      const used = [...new Set([...source.matchAll(/useTranslations\("([\w]+)/g)].map((m) => m[1]!))];
      if (!used.length) continue;
      // Where it is rendered: the sections of the files that import it (itself, for a route's own files).
      const name = path.basename(file).replace(/\.tsx?$/, "");
      const importers = [...sources].filter(([, s]) => new RegExp(`from "[^"]*/${name}"`).test(s)).map(([f]) => f);
      for (const where of importers.length ? importers : [file]) {
        const section = sectionOf(where);
        const shipped: readonly string[] = [...CLIENT_NAMESPACES.root, ...CLIENT_NAMESPACES[section]];
        for (const ns of used)
          expect(shipped, `${path.relative(appDir, file)} (rendered in ${section}) reads "${ns}"`).toContain(ns);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("gives each section with client components a layout that ships its namespaces", () => {
    for (const section of Object.keys(CLIENT_NAMESPACES).filter((s) => s !== "root")) {
      const layout = readFileSync(path.resolve(import.meta.dirname, `../../app/${section}/layout.tsx`), "utf8");
      expect(layout).toContain(`sectionLayout("${section}")`);
    }
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
