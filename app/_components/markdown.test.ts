import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

// The e2e suite's payload list (e2e/security/xss-payloads.txt): markdown link and
// image schemes, entity tricks, raw HTML, SVG/MathML, KaTeX commands.
const PAYLOADS = readFileSync(path.resolve(import.meta.dirname, "../../e2e/security/xss-payloads.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim());

const KATEX_ELEMENTS = `math semantics mrow mi mo mn ms msup msub msubsup mfrac msqrt mroot mtext mspace mover munder
  munderover mtable mtr mtd mstyle mpadded mphantom menclose annotation svg path line`.split(/\s+/);

const render = (md: string) => renderToStaticMarkup(createElement(Markdown, null, md));

/** What must never come out of user markdown: handlers, script URLs, active elements, raw HTML. */
function problems(html: string): string[] {
  const out: string[] = [];
  const scheme = (v: string) =>
    v
      .replace(/&#(x?)([0-9a-f]+);?/gi, (_, x: string, n: string) => String.fromCharCode(parseInt(n, x ? 16 : 10)))
      .replace(/[\u0000-\u0020]+/g, "")
      .toLowerCase();
  for (const m of html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)) {
    const [, tag, attrs] = m as unknown as [string, string, string];
    if (
      ![
        "div",
        "p",
        "a",
        "img",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "input",
        "span",
        "sup",
        "section",
        // KaTeX's output (rendered after sanitising, with trust off): MathML for readers, spans and SVG for eyes.
        ...KATEX_ELEMENTS,
      ].includes(tag.toLowerCase())
    ) {
      // React 19 hoists a preload hint for each <img>: inert, same URL as the image.
      if (!(tag.toLowerCase() === "link" && /rel="preload"/.test(attrs) && /as="image"/.test(attrs)))
        out.push(`element <${tag}>`);
    }
    for (const a of attrs.matchAll(/([^\s=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
      const name = a[1]!.toLowerCase();
      const value = a[2]!.replace(/^["']|["']$/g, "");
      if (name.startsWith("on")) out.push(`${name}= on <${tag}>`);
      if (
        ["href", "src", "xlink:href", "action", "formaction"].includes(name) &&
        /^(javascript|vbscript|data):/.test(scheme(value))
      )
        out.push(`${name}=${value}`);
      if (["id", "name"].includes(name) && !value.startsWith("user-content-"))
        out.push(`unprefixed ${name}=${value} (DOM clobbering)`);
    }
  }
  return out;
}

describe("Markdown renders user text without running it", () => {
  it("refuses every payload, alone and all together", () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(40);
    const found = PAYLOADS.flatMap((p) => problems(render(p)).map((problem) => `${p} -> ${problem}`));
    expect(found).toEqual([]);
    expect(problems(render(PAYLOADS.join("\n\n")))).toEqual([]);
  });

  it("drops raw HTML and keeps ordinary links working", () => {
    const html = render(
      '<img src=x onerror="window.__xss=1"> and [docs](https://example.com/a?b=1) and [rel](/datasets)',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('href="/datasets"');
  });

  it("drops javascript:, vbscript: and data: link targets, however they are spelled", () => {
    for (const md of [
      "[a](javascript:alert(1))",
      "[a](JaVaScRiPt:alert(1))",
      "[a](&#106;avascript:alert(1))",
      "[a](vbscript:x)",
      "[a](data:text/html,x)",
      "<javascript:alert(1)>",
      "[a][r]\n\n[r]: javascript:alert(1)",
    ]) {
      const html = render(md);
      expect(html, md).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    }
  });
});

describe("Markdown in Chinese", () => {
  it("keeps Chinese prose, maths with Chinese in it and code with Chinese comments intact, and marks the language", () => {
    const html = render(
      "三种**鸢尾花**的测量数据。\n\n损失 $L = -\\sum y \\log \\hat{y}$，其中 $\\text{样本数} = n$。\n\n$$\n\\text{准确率} = \\frac{TP+TN}{N}\n$$\n\n```python\n# 读取数据\ndf = pd.read_csv('鸢尾花.csv')\n```",
    );
    expect(html).toMatch(/^<div lang="zh-CN"/);
    expect(html).toContain("<strong>鸢尾花</strong>");
    // KaTeX rendered both formulas (no error span), Chinese inside \text kept as text.
    expect(html.match(/class="katex"/g)?.length).toBe(3);
    expect(html).not.toContain("katex-error");
    expect(html).toContain("样本数");
    expect(html).toContain("准确率");
    expect(html).toContain('<code class="hljs language-python">');
    expect(html.replace(/<[^>]+>/g, "")).toContain("# 读取数据\ndf = pd.read_csv(&#x27;鸢尾花.csv&#x27;)");
  });

  it("renders KaTeX's dangerous commands as inert text", () => {
    for (const md of ["$\\href{javascript:alert(1)}{x}$", "$\\url{javascript:alert(1)}$", "$\\htmlData{x=1}{y}$"]) {
      const html = render(md);
      expect(html, md).not.toMatch(/href="javascript:/i);
      expect(html, md).not.toContain("data-x");
    }
  });
});

describe("Markdown links and code", () => {
  it("marks every link nofollow ugc noopener, and colours fenced code by its language without changing its text", () => {
    const html = render("[docs](https://example.com) and <https://example.org>\n\n```python\n# 注释\nx = 1\n```");
    expect(html.match(/rel="nofollow ugc noopener"/g)?.length).toBe(2);
    expect(html).toContain('class="hljs language-python"');
    expect(html).toContain('<span class="hljs-comment"># 注释</span>');
    expect(html.replace(/<[^>]+>/g, "")).toContain("# 注释\nx = 1");
  });
});
