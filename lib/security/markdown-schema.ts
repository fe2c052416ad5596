import { defaultSchema, type Options } from "rehype-sanitize";

/**
 * What rehype-sanitize keeps of a post's HTML, on the site (app/_components/markdown.tsx) and in e-mail
 * (lib/email/markdown.ts): GitHub's default schema plus exactly the classes fenced code and maths need — a language
 * class on code, and the math markers remark-math puts on code, span and div. Nothing else: no style, no raw HTML.
 */
export const MARKDOWN_SANITIZE_SCHEMA: Options = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [
      ...(defaultSchema.attributes?.code ?? []),
      ["className", /^language-[\w-]+$/, "math-inline", "math-display"],
    ],
    span: [...(defaultSchema.attributes?.span ?? []), ["className", "math", "math-inline", "math-display"]],
    div: [...(defaultSchema.attributes?.div ?? []), ["className", "math", "math-display"]],
  },
};
