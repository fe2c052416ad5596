/**
 * An `eslint-disable` comment says why (`-- reason`), so a reviewer can judge the exception; and
 * local/no-literal-ui-string is only switched off line by line (`eslint-disable-next-line`), never for a block or a
 * file, where it would let every later string through untranslated. (A bare block `eslint-disable` with no rule names
 * switches this rule off too, so nothing can report it; review catches that one.)
 */

const DIRECTIVE = /^\s*eslint-disable(-next-line|-line)?(?:\s|$)([\s\S]*)$/;
const UI_RULE = "local/no-literal-ui-string";

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Require a reason on eslint-disable comments; disable no-literal-ui-string per line only" },
    schema: [],
    messages: {
      reason: "Say why: `eslint-disable… <rule> -- <reason>`.",
      perLine: "Disable " + UI_RULE + " on its line only: `eslint-disable-next-line " + UI_RULE + " -- <reason>`.",
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const match = DIRECTIVE.exec(comment.value);
          // Line comments hold only the -line and -next-line forms; ESLint ignores a `// eslint-disable`.
          if (!match || (comment.type === "Line" && !match[1])) continue;
          const [rules, reason] = match[2].split(/\s--\s|\s--$/);
          if (reason === undefined || !reason.trim()) context.report({ loc: comment.loc, messageId: "reason" });
          const names = rules
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean);
          const coversUiRule = names.length === 0 || names.includes(UI_RULE);
          if (coversUiRule && match[1] !== "-next-line") context.report({ loc: comment.loc, messageId: "perLine" });
        }
      },
    };
  },
};

export default rule;
