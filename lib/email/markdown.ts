import { createElement as h, type CSSProperties, type ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import { MARKDOWN_SANITIZE_SCHEMA } from "../security/markdown-schema";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { contentLanguage } from "../i18n/content-language";

/*
 * A post's markdown as e-mail HTML: the site's pipeline (app/_components/markdown.tsx: remark-gfm and remark-math
 * parse, raw HTML off, rehype-sanitize with lib/security/markdown-schema.ts, unsafe link
 * protocols dropped by react-markdown) without its browser half. Mail clients run no KaTeX and load no stylesheets,
 * so maths stays its TeX source in monospace, code gets <pre>/<code> with inline styles, and every text node is
 * escaped by React's renderer (lib/email/compose.ts renders the whole message). Images become links: a digest must not load remote images (tracking pixels) by itself.
 * Relative links resolve against the post's own page, so they work from a mail client.
 */

const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";
const STYLE = {
  pre: {
    fontFamily: MONO,
    fontSize: "13px",
    background: "#f5f5f4",
    border: "1px solid #e7e5e4",
    borderRadius: "6px",
    padding: "10px 12px",
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
    margin: "8px 0",
  },
  code: { fontFamily: MONO, fontSize: "13px", background: "#f5f5f4", borderRadius: "4px", padding: "1px 4px" },
  math: { fontFamily: MONO, fontSize: "13px", color: "#44403c" },
  mathBlock: { fontFamily: MONO, fontSize: "13px", color: "#44403c", whiteSpace: "pre-wrap", margin: "8px 0" },
  quote: { borderLeft: "3px solid #d6d3d1", margin: "8px 0", padding: "0 12px", color: "#57534e" },
  cell: { border: "1px solid #d6d3d1", padding: "4px 8px" },
  link: { color: "#4338ca" },
} satisfies Record<string, CSSProperties>;

/** The few fields of a hast node read here (react-markdown passes the node beside the props). */
type THast = {
  type: string;
  value?: string;
  tagName?: string;
  properties?: { className?: unknown };
  children?: THast[];
};

const textOf = (node: THast | undefined): string =>
  !node ? "" : node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");

const isMath = (node: THast | undefined) =>
  Array.isArray(node?.properties?.className) && node.properties.className.includes("language-math");

function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

function components(base: string): Components {
  return {
    // A fenced block or display maths: rendered from the node's text, so highlighting never needs to run.
    pre: ({ node }) => {
      const code = (node as THast | undefined)?.children?.find((c) => c.tagName === "code");
      const text = textOf(code ?? (node as THast | undefined)).replace(/\n$/, "");
      if (isMath(code))
        return h("div", { style: STYLE.mathBlock }, h("span", { style: STYLE.math }, `$$\n${text}\n$$`));
      return h("pre", { style: STYLE.pre }, h("code", { style: { fontFamily: MONO } }, text));
    },
    // Only inline code gets here (blocks are rendered whole above).
    code: ({ node, children }) =>
      isMath(node as THast | undefined)
        ? h("span", { style: STYLE.math }, `$${textOf(node as THast)}$`)
        : h("code", { style: STYLE.code }, children),
    a: ({ href, children }) => h("a", { href: absolute(href, base), style: STYLE.link }, children),
    img: ({ src, alt }) => {
      const href = typeof src === "string" ? absolute(src, base) : undefined;
      const label: ReactNode = alt || href || "";
      return href ? h("a", { href, style: STYLE.link }, label) : label;
    },
    blockquote: ({ children }) => h("blockquote", { style: STYLE.quote }, children),
    table: ({ children }) => h("table", { style: { borderCollapse: "collapse", margin: "8px 0" } }, children),
    th: ({ children }) => h("th", { style: STYLE.cell }, children),
    td: ({ children }) => h("td", { style: STYLE.cell }, children),
  };
}

/** A post's markdown as e-mail HTML (an element, rendered with the rest of the message); `base` is its page's URL. */
export function postElement(markdown: string, base: string): ReactNode {
  return h(
    "div",
    { lang: contentLanguage(markdown) ?? undefined },
    h(
      Markdown,
      {
        remarkPlugins: [remarkGfm, remarkMath],
        rehypePlugins: [[rehypeSanitize, MARKDOWN_SANITIZE_SCHEMA]],
        components: components(base),
      },
      markdown,
    ),
  );
}
