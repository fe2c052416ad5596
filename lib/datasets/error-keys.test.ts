import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import ts from "typescript";
import { argumentsOf } from "../i18n/icu-arguments";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../i18n/locales";

/**
 * Every data error a user can be shown renders from both catalogues. lib/i18n/error-keys.test.ts reads keys written
 * as string literals; this one asks TypeScript's checker for the type of each key argument of a DatasetInputError,
 * DataPreparationError or RunUserError, so a key chosen by a condition or held in a variable
 * (`problem === "csv.binary" ? …`, `code === … ? "csv.unclosedQuote" : "csv.malformed"`) is checked too, with the
 * value names the call passes (spreads resolved by their types). A key whose type is plain `string` passes an
 * existing error's key on (re-thrown with a line number) and was checked where that error was made.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const NAMESPACE: Record<string, string> = {
  DatasetInputError: "datasetErrors",
  DataPreparationError: "",
  RunUserError: "",
};
const DIRS = ["lib/datasets", "lib/runs", "lib/configs", "worker/training", "worker/processors"];

const catalogues = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, `lib/i18n/messages/${l}.json`), "utf8"))]),
) as Record<string, Record<string, unknown>>;

const sources = DIRS.flatMap((dir) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"))
    .map((f) => path.join(ROOT, dir, f)),
);

type TUse = { where: string; key: string; values: string[] };

function findUses(): TUse[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  )!;
  const program = ts.createProgram(sources, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const uses: TUse[] = [];
  for (const file of sources) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in NAMESPACE) {
        const [first, second] = node.arguments ?? [];
        const type = first && checker.getTypeAtLocation(first);
        const literals = !type
          ? []
          : (type.isUnion() ? type.types : [type]).filter((t): t is ts.StringLiteralType => t.isStringLiteral());
        const values = second
          ? checker
              .getTypeAtLocation(second)
              .getProperties()
              .map((p) => p.name)
          : [];
        const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const ns = NAMESPACE[node.expression.text]!;
        for (const literal of literals)
          uses.push({ where, key: ns ? `${ns}.${literal.value}` : literal.value, values });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

const message = (catalogue: Record<string, unknown>, key: string) => {
  const value = key
    .split(".")
    .reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part], catalogue);
  return typeof value === "string" ? value : undefined;
};

const uses = findUses();

describe("data error keys, resolved by type", () => {
  it("finds the keys chosen by a condition or held in a variable", () => {
    const keys = new Set(uses.map((u) => u.key));
    for (const key of [
      "datasetErrors.csv.binary",
      "datasetErrors.csv.notUtf8",
      "datasetErrors.csv.unclosedQuote",
      "datasetErrors.csv.malformed",
      "datasetErrors.csv.notText",
      "datasetErrors.target.allEmpty",
      "datasetErrors.target.tooFewLabelled",
    ])
      expect(keys, key).toContain(key);
    expect(uses.some((u) => u.key.startsWith("runErrors."))).toBe(true);
  });

  it.each(LOCALES)("exist in %s, get every value they use, and render", (locale) => {
    const problems: string[] = [];
    for (const use of uses) {
      const text = message(catalogues[locale]!, use.key);
      if (text === undefined) {
        problems.push(`${use.where} ${use.key}: no ${locale} message`);
        continue;
      }
      const args = [...argumentsOf(parse(text))];
      // readCsv turns a row's `record` into the file's `line` before the error leaves lib/datasets/csv.ts.
      const given = use.values.includes("record") ? [...use.values, "line"] : use.values;
      const missing = args.filter((a) => !given.includes(a));
      if (missing.length) problems.push(`${use.where} ${use.key}: the call passes no ${missing.join(", ")}`);
      try {
        new IntlMessageFormat(text, locale).format(Object.fromEntries(args.map((a) => [a, 2])));
      } catch (error) {
        problems.push(`${use.where} ${use.key}: does not render (${(error as Error).message})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the keys a failed profile or decode stores render too", () => {
    for (const locale of LOCALES)
      for (const key of ["datasetErrors.profile.failed", "datasetErrors.decode.failed"])
        expect(message(catalogues[locale]!, key), `${locale} ${key}`).toBeTypeOf("string");
  });
});
