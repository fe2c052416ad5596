import { IntlMessageFormat } from "intl-messageformat";
import { DEFAULT_LOCALE, isLocale, type TLocale } from "../i18n/locales";
import en from "../i18n/messages/en.json";
import zhCN from "../i18n/messages/zh-CN.json";

/*
 * The interface catalogues outside Next (the worker writes e-mail): the same JSON files and the same ICU syntax that
 * next-intl reads for pages, formatted with intl-messageformat (what next-intl's own formatter is built on), so an
 * e-mail says what the inbox says in the recipient's language.
 */

const CATALOGUES: Record<TLocale, unknown> = { en, "zh-CN": zhCN };

/** A piece of a rich message: text, or a tag of the catalogue (`<thing>…</thing>`) around its own pieces. */
export type TRichNode = string | { tag: string; children: TRichNode[] };

type TValues = Record<string, string | number>;

/** The recipient's language: their setting when it names a catalogue, else the site's default. */
export const emailLocale = (setting: string | null | undefined): TLocale =>
  isLocale(setting) ? setting : DEFAULT_LOCALE;

function messageOf(locale: TLocale, key: string): string {
  let node: unknown = CATALOGUES[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node === "string") return node;
  // i18n.test.ts keeps both catalogues complete, so only a key missing everywhere gets here: a bug, said loudly.
  if (locale !== DEFAULT_LOCALE) return messageOf(DEFAULT_LOCALE, key);
  throw new Error(`missing catalogue key ${key}`);
}

const formats = new Map<string, IntlMessageFormat>();
function formatOf(locale: TLocale, key: string): IntlMessageFormat {
  const id = `${locale} ${key}`;
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new IntlMessageFormat(messageOf(locale, key), locale)));
  return format;
}

/** A plain message with its values. */
export function translate(locale: TLocale, key: string, values: TValues = {}): string {
  return String(formatOf(locale, key).format(values));
}

/**
 * A message with tags, as pieces: the values stay plain text here, and whoever renders the pieces escapes them (HTML)
 * or joins them (text), so user text (handles, titles) is never read as markup.
 */
export function translateRich(locale: TLocale, key: string, values: TValues, tags: string[]): TRichNode[] {
  const tagged = Object.fromEntries(
    tags.map((tag) => [tag, (children: TRichNode[]): TRichNode => ({ tag, children })]),
  );
  const out = formatOf(locale, key).format<TRichNode>({ ...values, ...tagged });
  return (Array.isArray(out) ? out : [out]).map((piece) => (typeof piece === "object" ? piece : String(piece)));
}

/** The text of rich pieces, tags dropped. */
export const richText = (pieces: TRichNode[]): string =>
  pieces.map((p) => (typeof p === "string" ? p : richText(p.children))).join("");
