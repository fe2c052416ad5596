import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import rehypeSanitize from "rehype-sanitize";
import { MARKDOWN_SANITIZE_SCHEMA } from "@/lib/security/markdown-schema";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { contentLanguage } from "@/lib/i18n/content-language";
import "katex/dist/katex.min.css";
import "highlight.js/styles/github.min.css";

/**
 * Sanitising keeps its meaning only if it runs after the last plugin that turns user text into HTML
 * (the plugin order docs/SECURITY.md explains): remark-gfm and remark-math parse, rehype-sanitize cleans with the default
 * schema plus exactly the classes math and code need, then KaTeX — with no trust, bounded size and expansion — renders
 * the math nodes and highlight.js colours fenced code (its own spans, from the already-sanitised text). Raw HTML stays
 * off. Every link is `rel="nofollow ugc noopener"`: user content earns no search ranking and gets no opener.
 */

const katexOptions = {
  trust: false,
  throwOnError: false,
  maxSize: 20,
  maxExpand: 200,
  // Chinese inside formulas ($损失 = …$) is ordinary for our readers: render it instead of warning.
  strict: "ignore" as const,
};

const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} rel="nofollow ugc noopener" />,
};

/**
 * User-written markdown, sanitised (no raw HTML, no javascript: links), with $inline$ and $$display$$ maths and
 * highlighted code. `lang` is the text's own language (lib/i18n/content-language.ts), so Chinese in an English page —
 * or English in a Chinese one — gets the right fonts and line breaking.
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
          [rehypeSanitize, MARKDOWN_SANITIZE_SCHEMA],
          [rehypeKatex, katexOptions],
          [rehypeHighlight, { detect: false }],
        ]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
