import type { ReactNode } from "react";
import type { TNotificationView } from "@/lib/notifications";
import { UserText } from "./user-text";
import { NOTIFICATION_TYPES } from "@/lib/notifications/schemas";

/** A notification as it travels as JSON (the JSON API, the live stream): dates as ISO strings. */
export type TNotificationJson = Omit<TNotificationView, "createdAt" | "updatedAt"> & {
  createdAt: string | Date;
  updatedAt: string | Date;
};

type TValues = Record<string, string | number | ((chunks: ReactNode) => ReactNode)>;
/** next-intl's translator for the "notifications" namespace, server (getTranslations) or client (useTranslations). */
type TTranslator = {
  (key: string, values?: Record<string, string | number>): string;
  rich: (key: string, values?: TValues) => ReactNode;
};

const SENTENCES = new Set<string>(NOTIFICATION_TYPES);
/** Types whose collapsed rows say how many events they hold ("3 new replies"). */
const COUNTED = new Set(["mention", "reply", "answer", "forked"]);

/**
 * The sentence of a notification in the reader's language: "@ana and 2 others replied to <title>". The handle and
 * the title are the users' own text (marked as such); a subject the reader can no longer see has no title
 * (lib/notifications/view.ts) and reads as "something you can no longer see", in the interface language.
 */
export function notificationSentence(
  t: TTranslator,
  n: Pick<TNotificationJson, "type" | "actors" | "actorCount" | "subject">,
) {
  const [first] = n.actors;
  const title = n.subject.title;
  return t.rich(`sentence.${SENTENCES.has(n.type) ? n.type : "other"}`, {
    actor: first ? `@${first}` : t("someone"),
    // Everyone else who acted, not only the handles the row keeps (at most five).
    others: Math.max(0, n.actorCount - 1),
    title: title ?? t("unavailable"),
    user: (chunks) => (first ? <span data-user-content>{chunks}</span> : chunks),
    thing: (chunks) => (title ? <UserText text={title} className="font-medium" /> : chunks),
  });
}

/** "3 new replies" for a row that collapsed several events, else null. */
export function notificationCount(t: TTranslator, n: Pick<TNotificationJson, "type" | "count">): string | null {
  if (n.count <= 1) return null;
  return t(`count.${COUNTED.has(n.type) ? n.type : "other"}`, { count: n.count });
}
