import ReactMarkdown from "react-markdown";
import rehypeKatex from "rehype-katex";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { contentLanguage } from "@/lib/i18n/content-language";
import "katex/dist/katex.min.css";

/**
 * Sanitising keeps its meaning only if it runs after the last plugin that turns user text into HTML
 * (../shared/security's plugin order): remark-gfm and remark-math parse, rehype-sanitize cleans with the default
 * schema plus exactly the classes math needs, and KaTeX — with no trust, bounded size and expansion — renders the
 * math nodes last. Raw HTML stays off.
 */
const schema = {
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

const katexOptions = {
  trust: false,
  throwOnError: false,
  maxSize: 20,
  maxExpand: 200,
  // Chinese inside formulas ($损失 = …$) is ordinary for our readers: render it instead of warning.
  strict: "ignore" as const,
};

/**
 * User-written markdown, sanitised (no raw HTML, no javascript: links), with $inline$ and $$display$$ maths.
 * `lang` is the text's own language (lib/i18n/content-language.ts), so Chinese in an English page — or English in a
 * Chinese one — gets the right fonts and line breaking.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div
      lang={contentLanguage(children) ?? undefined}
      className="prose-trainyard break-words text-sm leading-relaxed text-stone-800"
    >
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath]}
        rehypePlugins={[
          [rehypeSanitize, schema],
          [rehypeKatex, katexOptions],
        ]}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
