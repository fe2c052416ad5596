import { createElement as h, type CSSProperties, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { TLocale } from "../i18n/locales";
import { NOTIFICATION_TYPES } from "../notifications/schemas";
import type { TNotificationView } from "../notifications/view";
import { postElement } from "./markdown";
import { richText, translate, translateRich, type TRichNode } from "./messages";

/*
 * One digest e-mail: a subject, a text part and an HTML part, in the recipient's language. Each notification reads
 * as it does in the inbox (the catalogue's notifications.sentence.* and count.*, app/_components/notification-text.tsx),
 * with a link to its thing and, for a post, the post's text: its markdown source in the text part, rendered for mail
 * clients in the HTML part (lib/email/markdown.ts). The HTML is rendered by React, so every user string is escaped.
 */

export type TDigestItem = {
  view: TNotificationView;
  /** Absolute link to the thing (the inbox when the recipient can no longer see it). */
  link: string;
  /** The post's markdown, when the notification is about a post the recipient can read. */
  post: { markdown: string; cut: boolean } | null;
};

export type TDigestInput = {
  locale: TLocale;
  handle: string;
  items: TDigestItem[];
  /** Notifications in this digest beyond the items shown. */
  more: number;
  origin: string;
  unsubscribeUrl: string;
};

const SENTENCES = new Set<string>(NOTIFICATION_TYPES);
/** Types whose collapsed rows say how many events they hold, as in the inbox. */
const COUNTED = new Set(["mention", "reply", "answer", "forked"]);

function sentence(locale: TLocale, view: TNotificationView): TRichNode[] {
  const [first] = view.actors;
  return translateRich(
    locale,
    `notifications.sentence.${SENTENCES.has(view.type) ? view.type : "other"}`,
    {
      actor: first ? `@${first}` : translate(locale, "notifications.someone"),
      others: Math.max(0, view.actorCount - 1),
      title: view.subject.title ?? translate(locale, "notifications.unavailable"),
    },
    ["user", "thing"],
  );
}

const countOf = (locale: TLocale, view: TNotificationView) =>
  view.count > 1
    ? translate(locale, `notifications.count.${COUNTED.has(view.type) ? view.type : "other"}`, { count: view.count })
    : null;

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'PingFang SC', 'Microsoft YaHei', sans-serif";
const S = {
  body: { margin: 0, padding: "24px 12px", background: "#fafaf9", fontFamily: FONT, color: "#292524" },
  card: {
    maxWidth: "600px",
    margin: "0 auto",
    background: "#ffffff",
    border: "1px solid #e7e5e4",
    borderRadius: "8px",
    padding: "24px",
    fontSize: "15px",
    lineHeight: "1.5",
  },
  item: { borderTop: "1px solid #e7e5e4", padding: "14px 0" },
  count: { color: "#57534e", fontSize: "13px" },
  post: {
    borderLeft: "3px solid #e7e5e4",
    margin: "8px 0 0",
    padding: "0 0 0 12px",
    color: "#44403c",
    fontSize: "14px",
  },
  link: { color: "#4338ca" },
  button: {
    display: "inline-block",
    background: "#4f46e5",
    color: "#ffffff",
    borderRadius: "6px",
    padding: "8px 16px",
    textDecoration: "none",
    fontWeight: 600,
  },
  footer: { color: "#78716c", fontSize: "12px", marginTop: "24px" },
} satisfies Record<string, CSSProperties>;

/** Rich pieces as elements: the actor in bold, the thing linked when the recipient can still see it. */
function richElements(pieces: TRichNode[], item: TDigestItem): ReactNode[] {
  return pieces.map((piece, i) => {
    if (typeof piece === "string") return piece;
    const children = richElements(piece.children, item);
    if (piece.tag === "user" && item.view.actors.length) return h("strong", { key: i }, ...children);
    if (piece.tag === "thing" && item.view.subject.title)
      return h("a", { key: i, href: item.link, style: { ...S.link, fontWeight: 600 } }, ...children);
    return h("span", { key: i }, ...children);
  });
}

function htmlOf(input: TDigestInput, subject: string): string {
  const { locale, items, origin } = input;
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, `email.${key}`, values);
  const doc = h(
    "html",
    { lang: locale },
    h("head", null, h("meta", { charSet: "utf-8" }), h("title", null, subject)),
    h(
      "body",
      { style: S.body },
      h(
        "div",
        { style: S.card },
        h("p", { style: { marginTop: 0 } }, t("greeting", { handle: `@${input.handle}` })),
        h("p", null, t("intro")),
        ...items.map((item) =>
          h(
            "div",
            { key: item.view.id, style: S.item },
            h(
              "div",
              null,
              ...richElements(sentence(locale, item.view), item),
              countOf(locale, item.view) ? h("span", { style: S.count }, ` · ${countOf(locale, item.view)}`) : null,
            ),
            item.post
              ? h(
                  "div",
                  { style: S.post },
                  postElement(item.post.markdown, item.link),
                  item.post.cut ? h("p", null, h("a", { href: item.link, style: S.link }, t("readMore"))) : null,
                )
              : null,
            item.view.subject.title
              ? null
              : h("p", { style: S.count }, h("a", { href: item.link, style: S.link }, item.link)),
          ),
        ),
        input.more > 0 ? h("p", { style: S.count }, t("more", { count: input.more })) : null,
        h(
          "p",
          { style: { marginTop: "20px" } },
          h("a", { href: `${origin}/notifications`, style: S.button }, t("openInbox")),
        ),
        h(
          "p",
          { style: S.footer },
          t("footer"),
          " ",
          h("a", { href: `${origin}/settings`, style: S.link }, t("settings")),
          " · ",
          h("a", { href: input.unsubscribeUrl, style: S.link }, t("unsubscribe")),
        ),
      ),
    ),
  );
  return `<!DOCTYPE html>${renderToStaticMarkup(doc)}`;
}

function textOf(input: TDigestInput): string {
  const { locale, items, origin } = input;
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, `email.${key}`, values);
  const lines = [t("greeting", { handle: `@${input.handle}` }), "", t("intro"), ""];
  for (const item of items) {
    const count = countOf(locale, item.view);
    lines.push("----", `${richText(sentence(locale, item.view))}${count ? ` · ${count}` : ""}`, item.link, "");
    if (item.post)
      lines.push(item.post.markdown, ...(item.post.cut ? ["…", `${t("readMore")}: ${item.link}`] : []), "");
  }
  if (input.more > 0) lines.push(t("more", { count: input.more }), "");
  lines.push("----", `${t("openInbox")}: ${origin}/notifications`, "", t("footer"));
  lines.push(`${t("settings")}: ${origin}/settings`, `${t("unsubscribe")}: ${input.unsubscribeUrl}`);
  return `${lines.join("\n")}\n`;
}

/** The subject, text and HTML of one recipient's digest. */
export function composeDigest(input: TDigestInput): { subject: string; text: string; html: string } {
  const subject = translate(input.locale, "email.subject", { count: input.items.length + input.more });
  return { subject, text: textOf(input), html: htmlOf(input, subject) };
}
