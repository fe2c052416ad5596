import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import ts from "typescript";
import { argumentsOf } from "./icu-arguments";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./locales";

/**
 * Every error a user can be shown comes from the catalogues with its values filled in. Found in the code (TypeScript's
 * parser, not a list kept by hand): each `new DatasetInputError(key, values)` / `DataPreparationError` /
 * `RunUserError` and each `key: "…"` given to an AppError or an action failure. For each, in every locale: the message
 * exists, and the values the call passes name every argument the message uses — a missing one is how a user came to
 * see the raw key "datasetErrors.csv.binary" — and it renders with sample values.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const catalogues = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, `lib/i18n/messages/${l}.json`), "utf8"))]),
) as Record<string, Record<string, unknown>>;

/** Key arguments are relative to a namespace for these classes. */
const NAMESPACE: Record<string, string> = {
  DatasetInputError: "datasetErrors",
  DataPreparationError: "",
  RunUserError: "",
};

type TUse = { file: string; line: number; key: string; values: string[] | "unknown" };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "generated" || e.name === "node_modules"
        ? []
        : sourceFiles(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** The property names of an object literal, or "unknown" when the values come from elsewhere (a variable, a spread). */
function valueNames(node: ts.Expression | undefined): string[] | "unknown" {
  if (!node) return [];
  if (!ts.isObjectLiteralExpression(node)) return "unknown";
  const names: string[] = [];
  for (const p of node.properties) {
    if (ts.isSpreadAssignment(p)) return "unknown";
    if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) names.push(p.name.text);
  }
  return names;
}

function findUses(): TUse[] {
  const uses: TUse[] = [];
  for (const file of ["lib", "worker", "app"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node) => ({
      file: path.relative(ROOT, file),
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    });
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in NAMESPACE) {
        const [first, second] = node.arguments ?? [];
        if (first && ts.isStringLiteral(first)) {
          const ns = NAMESPACE[node.expression.text]!;
          uses.push({ ...at(node), key: ns ? `${ns}.${first.text}` : first.text, values: valueNames(second) });
        }
      }
      // { key: "ns.name", values: {...} } — the options of an AppError or the parts of an action failure.
      if (ts.isObjectLiteralExpression(node)) {
        const prop = (name: string) =>
          node.properties.find(
            (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name,
          );
        const key = prop("key");
        if (key && ts.isStringLiteral(key.initializer) && /^[a-z]\w*\.[\w.]+$/.test(key.initializer.text)) {
          const values = prop("values");
          uses.push({
            ...at(node),
            key: key.initializer.text,
            values: values ? valueNames(values.initializer) : [],
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

function message(catalogue: Record<string, unknown>, key: string): string | undefined {
  const value = key
    .split(".")
    .reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part], catalogue);
  return typeof value === "string" ? value : undefined;
}

const uses = findUses();

describe("error messages shown to users", () => {
  it("are found in the code (the scan works)", () => {
    expect(uses.length).toBeGreaterThan(40);
    expect(uses.some((u) => u.key === "datasetErrors.csv.ragged")).toBe(true);
  });

  it.each(LOCALES)("exist in %s, get every value they use, and render", (locale) => {
    const problems: string[] = [];
    for (const use of uses) {
      const text = message(catalogues[locale]!, use.key);
      const where = `${use.file}:${use.line} ${use.key}`;
      if (text === undefined) {
        problems.push(`${where}: no ${locale} message`);
        continue;
      }
      const args = [...argumentsOf(parse(text))];
      if (use.values !== "unknown") {
        // lib/datasets/csv.ts turns a parser's `record` into the file's `line` before the error leaves it.
        const given = use.values.includes("record") ? [...use.values, "line"] : use.values;
        const missing = args.filter((a) => !given.includes(a));
        if (missing.length) problems.push(`${where}: the call passes no ${missing.join(", ")}`);
      }
      try {
        new IntlMessageFormat(text, locale).format(Object.fromEntries(args.map((a) => [a, 2])));
      } catch (error) {
        problems.push(`${where}: does not render (${(error as Error).message})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
