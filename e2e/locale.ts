import { expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

const catalogue = (locale: string) =>
  JSON.parse(readFileSync(path.resolve(`lib/i18n/messages/${locale}.json`), "utf8")) as Record<string, unknown>;
const zh = catalogue("zh-CN");

/** Every message of a catalogue, flattened. */
const messages = (node: unknown): string[] =>
  typeof node === "string" ? [node] : Object.values(node as Record<string, unknown>).flatMap(messages);
const words = (texts: string[]) =>
  new Set(texts.flatMap((m) => m.replace(/\{[^{}]*\}/g, " ").match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase()));
/**
 * The English interface vocabulary: words of the English catalogue that the Chinese one does not keep. Attribute
 * values (aria-label, title…) mix catalogue text with ids and names from other people's data, so in them only these
 * words count as English interface text.
 */
const ENGLISH_VOCABULARY = (() => {
  const kept = words(messages(zh));
  return [...words(messages(catalogue("en")))].filter((w) => !kept.has(w));
})();

/** A zh-CN catalogue message by its key ("runForm.submit"), for selectors that follow the catalogue. */
export function zhMessage(key: string): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], zh);
  if (typeof value !== "string") throw new Error(`no zh-CN message ${key}`);
  return value;
}

/**
 * Words that are no English interface string wherever they appear: the brand, metric and format abbreviations,
 * units, library and layer names the glossary keeps in Latin script.
 */
const ALWAYS_ALLOWED =
  `Trainyard F1 AUC ROC RMSE MAE MSE R² FPR TPR P R CSV TSV ZIP JSON PNG JPEG UTF tfjs TensorFlow js
  WebGPU WASM wasm cpu webgl KB MB GB TB px UTC GitHub Markdown KaTeX MLP CNN ReLU relu Adam SGD RMSprop Dropout
  softmax sigmoid tanh linear SPDX SHA CC BY SA ODbL URL ID RGB GPU CPU r v x e id`.split(/\s+/);

/**
 * The English words left on a page that a zh-CN reader sees — text, document title and the accessible names and
 * hints of elements (aria-label, title, placeholder, alt) — outside content: code, pre, rendered markdown, form
 * values, links to users' things (their text is a title or handle) and anything marked translate="no" or
 * data-user-content. `content` names the words users' own data brings (column names,
 * class labels, handles). Returns "word «context»" entries; empty when the page speaks only Chinese.
 */
export async function englishOnPage(page: Page, content: string[] = []): Promise<string[]> {
  return page.evaluate(
    ({ allowed, vocabulary }) => {
      const allow = new Set(allowed.map((w) => w.toLowerCase()));
      const SKIP =
        "script,style,noscript,template,code,pre,kbd,samp,textarea,.prose-trainyard,[translate=no],.katex,[data-user-content]";
      // A link to a dataset, config, run, board, user or tag reads as that thing's title, handle or tag: content that
      // other people's data (other tests, in parallel) brings. Interface words in such links are still catalogue keys.
      const ENTITY_LINK = /^\/(u|datasets|configs|runs|leaderboards)\/[^/?]+|^\/(datasets|configs)\?(tag|author)=/;
      const inEntityLink = (el: Element) => {
        const a = el.closest("a[href]");
        return Boolean(a && ENTITY_LINK.test(a.getAttribute("href") ?? ""));
      };
      const found = new Set<string>();
      const english = new Set(vocabulary);
      const check = (text: string, where: string, strict = true) => {
        // Tokens with digits or underscores are identifiers (run ids, hashes, r3, snake_case), not words.
        for (const word of text.match(/[A-Za-z0-9_][A-Za-z0-9_'’]*/g) ?? [])
          if (
            !/[\d_]/.test(word) &&
            !allow.has(word.toLowerCase()) &&
            !/^[a-z]$/i.test(word) &&
            (strict || english.has(word.toLowerCase()))
          )
            found.add(`${word} «${text.trim().replace(/\s+/g, " ").slice(0, 80)}» ${where}`);
      };
      // Text that says it is in another language (a language's own name, content detected as English) is not ours.
      const otherLanguage = (el: Element) => !(el.closest("[lang]")?.getAttribute("lang") ?? "zh").startsWith("zh");
      const shown = (el: Element) => el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(SKIP) || inEntityLink(parent) || otherLanguage(parent) || !shown(parent))
          continue;
        // An unselected <option> is shown only when its select opens; it is still interface text.
        check(node.textContent ?? "", `<${parent.tagName.toLowerCase()}>`);
      }
      for (const el of document.body.querySelectorAll("[aria-label],[title],[placeholder],[alt]")) {
        if (el.closest(SKIP) || !shown(el)) continue;
        for (const attr of ["aria-label", "title", "placeholder", "alt"]) {
          const value = el.getAttribute(attr);
          if (value) check(value, `@${attr}`, false);
        }
      }
      check(document.title, "<title>");
      return [...found];
    },
    {
      allowed: [...ALWAYS_ALLOWED, ...content.flatMap((c) => c.split(/[^A-Za-z'’]+/)).filter(Boolean)],
      vocabulary: ENGLISH_VOCABULARY,
    },
  );
}

/** Fails with the English words found, so a regression names the string to translate. */
export async function expectOnlyChinese(page: Page, content: string[] = []) {
  await page.waitForLoadState("networkidle").catch(() => {});
  expect.soft(await englishOnPage(page, content), `English interface text on ${page.url()}`).toEqual([]);
}
