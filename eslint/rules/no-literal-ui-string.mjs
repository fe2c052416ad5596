/**
 * Words a user reads come from the message catalogue (lib/i18n/messages/*.json), so each locale gets them
 * translated (issue 14). This rule reports, in components:
 * - JSX text that holds a word: two letters in a row of any script (`<p>Save</p>`, `<th>AUC</th>`), or one CJK
 *   character (`<p>保存</p>`);
 * - a string in a visible spot of JSX: a child `{"Save"}`, or the value of an attribute a user reads or hears
 *   (`placeholder`, `title`, `alt`, `aria-label`, `label`, …), including both arms of `a ? "x" : "y"` and the
 *   literal parts of a template literal.
 * Punctuation, digits, symbols (`·`, `–`, `→`, `#`, `@`, `×`) and whitespace pass, and so does a lone letter beside
 * them: notation such as `r{number}`, `v{number}`, `{seconds}s`, `(n={count})`. `<option value>` is not shown,
 * so it is not checked; the option's text is. A deliberate exception (a brand name, a code sample) takes an
 * `// eslint-disable-next-line local/no-literal-ui-string -- reason`, checked by local/disable-needs-reason.
 */

/** A word: two letters in a row (any script), or one ideograph, kana or hangul (each is a word by itself). */
const WORD = /\p{L}{2}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Attributes whose value a user reads (tooltips, placeholders) or a screen reader speaks. */
const VISIBLE_ATTRIBUTES = [
  "alt",
  "aria-description",
  "aria-label",
  "aria-placeholder",
  "aria-roledescription",
  "aria-valuetext",
  "label",
  "placeholder",
  "title",
  // Axis names of our chart components (app/_components/charts): drawn on the chart.
  "xName",
  "yName",
];

const snippet = (text) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};

/** The strings an expression shows as it stands: literals, template parts, the arms of ?:, && and ??. */
function shownStrings(node) {
  switch (node?.type) {
    case "Literal":
      return typeof node.value === "string" ? [{ node, text: node.value }] : [];
    case "TemplateLiteral":
      return node.quasis.map((q) => ({ node: q, text: q.value.cooked ?? q.value.raw }));
    case "ConditionalExpression":
      return [...shownStrings(node.consequent), ...shownStrings(node.alternate)];
    case "LogicalExpression":
      return [...shownStrings(node.left), ...shownStrings(node.right)];
    case "TSAsExpression":
    case "TSSatisfiesExpression":
    case "TSNonNullExpression":
    case "JSXExpressionContainer":
      return shownStrings(node.expression);
    default:
      return [];
  }
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Disallow user-visible literal strings in JSX; read them from the message catalogue" },
    schema: [
      {
        type: "object",
        properties: { attributes: { type: "array", items: { type: "string" }, uniqueItems: true } },
        additionalProperties: false,
      },
    ],
    messages: {
      text: 'User-visible text "{{text}}": put it in lib/i18n/messages/en.json and read it with t().',
      attribute: 'User-visible {{name}} "{{text}}": put it in lib/i18n/messages/en.json and read it with t().',
    },
  },
  create(context) {
    const attributes = new Set(context.options[0]?.attributes ?? VISIBLE_ATTRIBUTES);
    const check = (found, messageId, data = {}) => {
      for (const { node, text } of found)
        if (WORD.test(text)) context.report({ node, messageId, data: { ...data, text: snippet(text) } });
    };
    return {
      JSXText(node) {
        if (!WORD.test(node.value)) return;
        // Report where the words are, not where the node starts (often the end of the line above), so an
        // `eslint-disable-next-line` just above the words covers them.
        const raw = node.raw ?? context.sourceCode.getText(node);
        const start = node.range[0] + (raw.length - raw.trimStart().length);
        const end = node.range[0] + raw.trimEnd().length;
        const loc = { start: context.sourceCode.getLocFromIndex(start), end: context.sourceCode.getLocFromIndex(end) };
        context.report({ loc, messageId: "text", data: { text: snippet(node.value) } });
      },
      JSXExpressionContainer(node) {
        if (node.parent.type === "JSXElement" || node.parent.type === "JSXFragment")
          check(shownStrings(node.expression), "text");
      },
      JSXAttribute(node) {
        const name =
          node.name.type === "JSXNamespacedName"
            ? `${node.name.namespace.name}:${node.name.name.name}`
            : node.name.name;
        if (!attributes.has(name) || !node.value) return;
        check(shownStrings(node.value), "attribute", { name });
      },
    };
  },
};

export default rule;
