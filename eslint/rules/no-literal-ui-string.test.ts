import path from "node:path";
import { ESLint, RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import disableNeedsReason from "./disable-needs-reason.mjs";
import noLiteralUiString from "./no-literal-ui-string.mjs";
import local from "../plugin.mjs";

// RuleTester runs its cases through the test framework's describe/it when given them.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// The plugin is registered as in eslint.config.mjs, so disable comments can name local/no-literal-ui-string.
const tester = new RuleTester({
  plugins: { local },
  languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
});
const text = { messageId: "text" } as const;
const attribute = (name: string, text: string) => ({ messageId: "attribute", data: { name, text } }) as const;

tester.run("no-literal-ui-string", noLiteralUiString, {
  valid: [
    `<p>{t("title")}</p>`,
    `<p title={t("hint")} aria-label={t("label")}>{count}</p>`,
    // Punctuation, digits, symbols and whitespace.
    `<p> · – → # @ × 42 (3) … </p>`,
    `<p>{a} → {b}</p>`,
    `<p>{"·"}{\` – \`}</p>`,
    // A lone letter beside a number or symbol is notation, not a word.
    `<a>r{rev.number}</a>`,
    `<span>v{version} · {seconds}s (n={count})</span>`,
    // Attributes nobody reads or hears.
    `<option value="accuracy">{t("accuracy")}</option>`,
    `<div className="flex gap-2" data-testid="metrics-table" id="metrics-title" />`,
    `<input type="text" name="email" autoComplete="email" />`,
    `<a href="/datasets/new" />`,
    // Strings passed to calls are message keys and values, not text.
    `<p>{t("seed", { seed: "x" })}</p>`,
    `<p title={\`\${a} → \${b}: \${n}\`} />`,
  ],
  invalid: [
    { code: `<p>Save</p>`, errors: [{ ...text, data: { text: "Save" } }] },
    // Reported where the words are (line 3), so a disable comment on line 2 can cover them.
    { code: `<p>\n  {x}\n  Save all\n</p>`, errors: [{ ...text, line: 3, column: 3, endLine: 3, endColumn: 11 }] },
    { code: `<th className="pr-3 text-right">AUC</th>`, errors: [text] },
    { code: `<li>(root): {error}</li>`, errors: [text] },
    { code: `<p>ref {digest}</p>`, errors: [text] },
    { code: `<option value="a">Accuracy</option>`, errors: [text] },
    // Any script: one CJK character is a word.
    { code: `<p>保存</p>`, errors: [text] },
    { code: `<p>{n} 个</p>`, errors: [text] },
    // Strings in children: literals, template parts, conditional arms.
    { code: `<p>{"Save"}</p>`, errors: [text] },
    { code: `<p>{\`Save\`}</p>`, errors: [text] },
    { code: `<p>{\`\${n} rev.\`}</p>`, errors: [text] },
    { code: `<p>{busy ? "Saving…" : t("save")}</p>`, errors: [text] },
    { code: `<p>{label ?? "Untitled"}</p>`, errors: [text] },
    // Attributes users read or hear.
    { code: `<input placeholder="Search datasets" />`, errors: [attribute("placeholder", "Search datasets")] },
    { code: `<td title={"Open run"} />`, errors: [attribute("title", "Open run")] },
    { code: `<img alt={\`Logo\`} />`, errors: [attribute("alt", "Logo")] },
    { code: `<nav aria-label="Main navigation" />`, errors: [attribute("aria-label", "Main navigation")] },
    { code: `<div aria-description={x ? "Sorted" : ""} />`, errors: [attribute("aria-description", "Sorted")] },
    { code: `<EChart label="Loss per epoch" />`, errors: [attribute("label", "Loss per epoch")] },
    {
      code: `<LinesChart xName="epoch" yName="TPR" />`,
      errors: [attribute("xName", "epoch"), attribute("yName", "TPR")],
    },
    // A disable comment for another rule does not excuse the string.
    {
      code: `<span>
        {/* eslint-disable-next-line no-console -- unrelated */}
        Trainyard
      </span>`,
      errors: [text],
    },
  ],
});

tester.run("disable-needs-reason", disableNeedsReason, {
  valid: [
    `// eslint-disable-next-line local/no-literal-ui-string -- brand name\nconst a = 1;`,
    `{/* eslint-disable-next-line local/no-literal-ui-string -- brand name */}`,
    `// eslint-disable-next-line no-console -- a script's output\nconsole.log(1);`,
    `/* eslint-disable no-console -- a script's output is its console */`,
    `// see the eslint-disable-next-line docs: not a directive unless it starts the comment`,
    `// eslint-disable is no directive in a line comment`,
  ],
  invalid: [
    { code: `// eslint-disable-next-line local/no-literal-ui-string\nconst a = 1;`, errors: [{ messageId: "reason" }] },
    { code: `console.log(1); // eslint-disable-line no-console`, errors: [{ messageId: "reason" }] },
    { code: `/* eslint-disable no-console */`, errors: [{ messageId: "reason" }] },
    {
      code: `/* eslint-disable local/no-literal-ui-string -- the whole page */`,
      errors: [{ messageId: "perLine" }],
    },
    {
      code: `const a = 1; // eslint-disable-line local/no-literal-ui-string -- brand`,
      errors: [{ messageId: "perLine" }],
    },
  ],
});

describe("eslint.config.mjs", () => {
  const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });
  const lint = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

  it("checks components under app/, not their tests, and lets a reasoned next-line disable through", async () => {
    const literal = `export function A() {\n  return <p>Hello</p>;\n}\n`;
    expect(await lint(literal, "app/example/page.tsx")).toEqual(["local/no-literal-ui-string"]);
    expect(await lint(literal, "app/example/page.test.tsx")).toEqual([]);
    const excused = `export function A() {
  return (
    <p>
      {/* eslint-disable-next-line local/no-literal-ui-string -- brand name */}
      Trainyard
    </p>
  );
}
`;
    expect(await lint(excused, "app/example/page.tsx")).toEqual([]);
    const unexplained = excused.replace(" -- brand name", "");
    expect(await lint(unexplained, "app/example/page.tsx")).toEqual(["local/disable-needs-reason"]);
  });
});
