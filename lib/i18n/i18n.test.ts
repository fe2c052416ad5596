import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { CLIENT_NAMESPACES, LOCALES, negotiateLocale } from "./locales";

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

/** Leaf messages by dotted key ("run.metrics.rmse"); a leaf that is not a string is kept, to be reported. */
function leaves(node: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (node && typeof node === "object" && !Array.isArray(node))
    for (const [key, value] of Object.entries(node)) leaves(value, prefix ? `${prefix}.${key}` : key, out);
  else out.set(prefix, node);
  return out;
}

/**
 * Words a translation may keep from English: the brand, metric abbreviations, format and unit names, and technical
 * terms Chinese ML writing keeps in Latin letters. A message may equal its English one only when each of its words
 * (two letters or more, outside {arguments}) is here; one made of arguments, symbols and lone letters ("{a} → {b}",
 * "v{number}", "R²") may always.
 */
const KEPT_WORDS = new Set([
  "Trainyard",
  "AUC",
  "CSV",
  "FPR",
  "JSON",
  "MAE",
  "MSE",
  "RMSE",
  "ROC",
  "SHA",
  "TPR",
  "px",
  "Dropout",
  "Nesterov",
]);

type TShape = { args: string[]; tags: string[]; selects: string[]; missingOther: string[]; words: string[] };

/** What a translation must keep from a message: its arguments with their types, its tags, its select branches. */
function shapeOf(message: string): TShape | { error: string } {
  let ast: MessageFormatElement[];
  try {
    // "other" is checked below, for a clearer message than the parser's MISSING_OTHER_CLAUSE.
    ast = parse(message, { requiresOtherClause: false });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const args = new Set<string>();
  const tags = new Set<string>();
  const selects = new Set<string>();
  const missingOther = new Set<string>();
  const text: string[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal) text.push(el.value);
      else if (el.type === TYPE.argument) args.add(`{${el.value}}`);
      else if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time)
        args.add(`{${el.value}, ${TYPE[el.type]}}`);
      else if (el.type === TYPE.tag) {
        tags.add(`<${el.value}>`);
        walk(el.children);
      } else if (el.type === TYPE.select || el.type === TYPE.plural) {
        const kind = el.type === TYPE.select ? "select" : el.pluralType === "ordinal" ? "selectordinal" : "plural";
        args.add(`{${el.value}, ${kind}}`);
        // Plural branches follow the language's plural rules (Chinese has only "other"); select branches are ours.
        if (kind === "select") selects.add(`{${el.value}, select, ${Object.keys(el.options).sort().join(" ")}}`);
        else if (!("other" in el.options)) missingOther.add(`{${el.value}, ${kind}}`);
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(ast);
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    args: sorted(args),
    tags: sorted(tags),
    selects: sorted(selects),
    missingOther: sorted(missingOther),
    words: text.join(" ").match(/\p{L}{2,}/gu) ?? [],
  };
}

/**
 * Everything wrong with a `translation` measured against the `english` catalogue, one line per problem: keys missing
 * or extra, messages that do not parse, arguments renamed or retyped, tags dropped, select branches changed, plurals
 * without "other", messages left in English. Without a translation, the English catalogue is checked by itself.
 */
function catalogueProblems(english: object, translation?: object): string[] {
  const problems: string[] = [];
  const want = leaves(english);
  const have = leaves(translation ?? english);
  for (const key of have.keys()) if (!want.has(key)) problems.push(`${key}: not in en.json`);
  for (const [key, original] of want) {
    const message = have.get(key);
    if (message === undefined) {
      problems.push(`${key}: missing`);
      continue;
    }
    if (typeof message !== "string" || typeof original !== "string") {
      problems.push(`${key}: not a message (${JSON.stringify(message)})`);
      continue;
    }
    const shape = shapeOf(message);
    if ("error" in shape) {
      problems.push(`${key}: does not parse (${shape.error}): ${message}`);
      continue;
    }
    for (const arg of shape.missingOther) problems.push(`${key}: ${arg} has no "other" branch`);
    if (!translation) continue;
    const base = shapeOf(original);
    if ("error" in base) continue; // reported when en.json is checked
    for (const part of ["args", "tags", "selects"] as const)
      if (base[part].join(" ") !== shape[part].join(" "))
        problems.push(
          `${key}: ${part} ${shape[part].join(" ") || "(none)"} ≠ en.json's ${base[part].join(" ") || "(none)"}`,
        );
    if (message === original && !shape.words.every((w) => KEPT_WORDS.has(w)))
      problems.push(`${key}: not translated: ${message}`);
  }
  return problems;
}

describe("catalogue parity", () => {
  const dir = path.resolve(import.meta.dirname, "messages");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "en.json");
  // Every supported locale needs a catalogue, and every catalogue found is checked, listed in LOCALES or not yet.
  const locales = [...new Set([...LOCALES.filter((l) => l !== "en"), ...files.map((f) => f.replace(/\.json$/, ""))])];

  it("en.json: every message parses and every plural has an other branch", () => {
    expect(catalogueProblems(en)).toEqual([]);
  });

  it.each(locales)("%s.json: the keys, arguments, tags and select branches of en.json, translated", (locale) => {
    const file = path.join(dir, `${locale}.json`);
    expect(files, `${locale} is in LOCALES but has no catalogue`).toContain(`${locale}.json`);
    expect(catalogueProblems(en, JSON.parse(readFileSync(file, "utf8")))).toEqual([]);
  });

  describe("the checker", () => {
    const english = {
      greet: "Hello {name}",
      runs: "{count, plural, one {# run} other {# runs}}",
      kind: "{kind, select, dataset {Dataset} other {Something}}",
      link: "Read <link>the guide</link> first",
      nested: { brand: "Trainyard", range: "{a} → {b}", metric: "ROC AUC", at: "{when, date, short}" },
    };
    const chinese = {
      greet: "你好，{name}",
      runs: "{count, plural, other {# 次运行}}",
      kind: "{kind, select, dataset {数据集} other {其他}}",
      link: "请先阅读<link>指南</link>",
      nested: { brand: "Trainyard", range: "{a} → {b}", metric: "ROC AUC", at: "{when, date, short}" },
    };
    const broken = (change: (c: typeof chinese) => void) => {
      const copy = structuredClone(chinese);
      change(copy);
      return catalogueProblems(english, copy);
    };

    it("accepts a faithful translation: fewer plural branches, kept brand, abbreviations and symbols", () => {
      expect(catalogueProblems(english, chinese)).toEqual([]);
      expect(catalogueProblems(english)).toEqual([]);
    });

    it("reports a missing key, an extra key and a non-string leaf", () => {
      expect(broken((c) => delete (c.nested as Partial<typeof c.nested>).range)).toEqual(["nested.range: missing"]);
      expect(broken((c) => Object.assign(c, { extra: "多余" }))).toEqual(["extra: not in en.json"]);
      expect(broken((c) => Object.assign(c, { greet: 5 }))).toEqual(["greet: not a message (5)"]);
      expect(broken((c) => Object.assign(c, { greet: { a: "你好" } }))).toEqual([
        "greet.a: not in en.json",
        "greet: missing",
      ]);
    });

    it("reports a renamed or retyped placeholder, a dropped tag and changed select branches", () => {
      expect(broken((c) => (c.greet = "你好，{user}"))).toEqual(["greet: args {user} ≠ en.json's {name}"]);
      expect(broken((c) => (c.runs = "{count, number} 次运行"))).toEqual([
        "runs: args {count, number} ≠ en.json's {count, plural}",
      ]);
      expect(broken((c) => (c.nested.at = "{when, time, short}"))).toEqual([
        "nested.at: args {when, time} ≠ en.json's {when, date}",
      ]);
      expect(broken((c) => (c.link = "请先阅读指南"))).toEqual(["link: tags (none) ≠ en.json's <link>"]);
      expect(broken((c) => (c.kind = "{kind, select, data {数据集} other {其他}}"))).toEqual([
        "kind: selects {kind, select, data other} ≠ en.json's {kind, select, dataset other}",
      ]);
    });

    it("reports a message that does not parse and a plural without other", () => {
      expect(broken((c) => (c.greet = "你好，{name"))).toEqual([
        "greet: does not parse (EXPECT_ARGUMENT_CLOSING_BRACE): 你好，{name",
      ]);
      expect(broken((c) => (c.runs = "{count, plural, one {# 次运行}}"))).toEqual([
        'runs: {count, plural} has no "other" branch',
      ]);
      expect(catalogueProblems({ n: "{n, plural, one {# run}}" })).toEqual(['n: {n, plural} has no "other" branch']);
    });

    it("reports a message left in English, but not a kept word", () => {
      expect(broken((c) => (c.greet = english.greet))).toEqual(["greet: not translated: Hello {name}"]);
      expect(broken((c) => (c.link = english.link))).toEqual([
        "link: not translated: Read <link>the guide</link> first",
      ]);
      expect(catalogueProblems({ m: "RMSE on {split}" }, { m: "RMSE on {split}" })).toEqual([
        "m: not translated: RMSE on {split}",
      ]);
      expect(catalogueProblems({ m: "RMSE · {size} px" }, { m: "RMSE · {size} px" })).toEqual([]);
    });
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
