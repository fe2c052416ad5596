import type { Page } from "@playwright/test";

/**
 * Three independent signs that user text ran or could run as code:
 * 1. a `dialog` (alert/confirm/prompt payloads);
 * 2. the `window.__xss` marker: a setter installed before any page script
 *    reports through the console (and a binding, which also works in frames);
 * 3. a DOM scan after each page and each hover (see `scanDom`): inline event
 *    handlers, script-scheme URLs, and script/iframe/object/embed elements
 *    the app never renders itself. The scan catches injections that a CSP
 *    (or a payload that needs a click) would keep from running today.
 */
export const MARKER = "__XSS_FIRED__";

export type TFinding = { where: string; what: string };

export class XssGuard {
  readonly findings: TFinding[] = [];
  where = "(start)";
  scans = 0;

  private constructor(private readonly page: Page) {}

  static async install(page: Page) {
    const guard = new XssGuard(page);
    page.on("dialog", async (dialog) => {
      guard.findings.push({ where: guard.where, what: `dialog ${dialog.type()}: ${dialog.message()}` });
      await dialog.dismiss().catch(() => {});
    });
    page.on("console", (message) => {
      if (message.text().includes(MARKER))
        guard.findings.push({ where: guard.where, what: `console: ${message.text()}` });
    });
    await page.exposeBinding("__xssReport", ({ frame }, how: string) => {
      guard.findings.push({ where: guard.where, what: `marker set (${how}) in ${frame.url()}` });
    });
    await page.addInitScript((marker) => {
      const report = (how: string) => {
        console.error(`${marker} ${how}`);
        (window as unknown as { __xssReport?: (how: string) => void }).__xssReport?.(how);
      };
      Object.defineProperty(window, "__xss", {
        configurable: false,
        get: () => undefined,
        set: (v: unknown) => report(`window.__xss=${String(v)}`),
      });
    }, MARKER);
    return guard;
  }

  /** Scans the current DOM; findings are kept, not thrown, so one run reports every page. */
  async scan(label = this.where) {
    this.scans++;
    const found = await this.page.evaluate(scanDom);
    for (const what of found) this.findings.push({ where: label, what });
  }
}

/**
 * Runs in the page. Everything here must be self-contained (it is serialised).
 * Next.js's own scripts are recognised by shape: external ones under /_next/,
 * inline ones that feed the RSC payload (`self.__next_f`, whose JSON strings
 * legitimately contain user text, escaped), Turbopack's chunk list and React's
 * streaming helpers.
 */
export function scanDom(): string[] {
  const out: string[] = [];
  const describe = (el: Element) =>
    `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> ${el.outerHTML.slice(0, 160)}`;
  const URL_ATTRS = new Set([
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcdoc",
    "lowsrc",
    "dynsrc",
    "codebase",
    "ping",
    "to",
    "from",
    "values",
    "by",
  ]);
  // Browsers ignore control characters and white space inside a scheme ("java\tscript:").
  const scheme = (v: string) => v.replace(/[\u0000-\u0020\u007f-\u00a0]+/g, "").toLowerCase();
  const badUrl = (v: string) =>
    /^(javascript|vbscript|livescript):|^data:(text\/html|application\/xhtml)/.test(scheme(v));
  for (const el of Array.from(document.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) out.push(`event-handler attribute ${name}= on ${describe(el)}`);
      else if (URL_ATTRS.has(name) && badUrl(attr.value)) out.push(`script URL in ${name}= on ${describe(el)}`);
      else if (name === "style" && /url\s*\(\s*['"]?\s*(javascript|vbscript):|expression\s*\(/i.test(attr.value))
        out.push(`script URL in style= on ${describe(el)}`);
    }
  }
  for (const el of Array.from(
    document.querySelectorAll("iframe, frame, frameset, object, embed, applet, base, portal, meta[http-equiv]"),
  )) {
    out.push(`element the app never renders: ${describe(el)}`);
  }
  // Shapes Next.js 16 / React 19 write: the RSC payload, Turbopack's chunk list, and React's streaming helpers ($RB, $RC, $RS, $RX…).
  const NEXT_INLINE =
    /^\s*\(?\s*self\.__next_f\s*(=|\.push)|^\s*\(globalThis\["TURBOPACK"\] \|\| \(globalThis\["TURBOPACK"\] = \[\]\)\)\.push\(|^\s*\$R[A-Z]{1,2}\s*[=(]|^\s*requestAnimationFrame\(function\(\)\{\$RT=performance\.now\(\)\}\);?\s*$/;
  for (const s of Array.from(document.querySelectorAll("script"))) {
    const src = s.getAttribute("src");
    const ok =
      src !== null
        ? new URL(src, location.href).origin === location.origin &&
          new URL(src, location.href).pathname.startsWith("/_next/")
        : NEXT_INLINE.test(s.textContent ?? "");
    if (!ok) out.push(`script the app did not write: ${describe(s)}`);
  }
  // DOM clobbering: names the payloads try to take over must still be what the platform defines.
  const w = window as unknown as Record<string, unknown>;
  if (w.__xss_clobber !== undefined)
    out.push("window.__xss_clobber is defined (clobbered by an id/name from user text)");
  if (typeof document.getElementById !== "function") out.push("document.getElementById was clobbered");
  if (typeof document.cookie !== "string") out.push("document.cookie was clobbered");
  const nextF = w.__next_f as { push?: unknown } | undefined;
  if (nextF !== undefined && typeof nextF.push !== "function") out.push("self.__next_f was clobbered");
  return out;
}
