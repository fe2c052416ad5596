import { z } from "zod";
import { isLookupKey } from "../validation";

/*
 * The notification types, their filter groups and the inputs of lib/notifications. A type is a plain string in the
 * database (no migration per new type); the interface phrases each from the catalogue ("notifications.type.<type>").
 */

export const NOTIFICATION_TYPES = [
  "mention",
  "reply",
  "answer",
  "accepted",
  "verifiedFix",
  "runFinished",
  "runFailed",
  "runCanceled",
  "forked",
  "forkBeatYou",
  "competitionStarted",
  "competitionEnded",
  "competitionRevealed",
] as const;

export type TNotificationType = (typeof NOTIFICATION_TYPES)[number];

export const ZNotificationType = z.enum(NOTIFICATION_TYPES, "invalid");

/** The inbox's filters by kind: each a group of types. */
export const NOTIFICATION_GROUPS = {
  discussions: ["mention", "reply", "answer", "accepted", "verifiedFix"],
  runs: ["runFinished", "runFailed", "runCanceled"],
  configs: ["forked", "forkBeatYou"],
  competitions: ["competitionStarted", "competitionEnded", "competitionRevealed"],
} as const satisfies Record<string, readonly TNotificationType[]>;

export type TNotificationGroup = keyof typeof NOTIFICATION_GROUPS;

export const NOTIFICATION_FILTERS = [
  "all",
  "unread",
  ...(Object.keys(NOTIFICATION_GROUPS) as TNotificationGroup[]),
] as const;
export type TNotificationFilter = (typeof NOTIFICATION_FILTERS)[number];

export const ZNotificationFilter = z.enum(NOTIFICATION_FILTERS).catch("all");

/** Things one can watch or mute, as the API names them. */
export const WATCH_KINDS = ["thread", "run", "config", "dataset"] as const;
export type TWatchKind = (typeof WATCH_KINDS)[number];
export type TWatchThing = { kind: TWatchKind; id: string };
export type TWatchMode = "WATCH" | "MUTE";

export const ZWatchThing = z.object({
  kind: z.enum(WATCH_KINDS, "invalid"),
  id: z.string().min(1).max(64).refine(isLookupKey, "invalid"),
});

export const ZWatchMode = z.enum(["WATCH", "MUTE"], "invalid").nullable();

/** A live-stream cursor: a notification's seq, as decimal text. */
export const ZSeq = z.union([z.bigint().nonnegative(), z.string().regex(/^\d{1,18}$/, "invalid")]).transform(BigInt);

/** Structured values of an event: primitives only (they are sent to the browser as they are). */
export type TNotificationValues = Record<string, string | number | boolean | null>;

/**
 * One notification to write (lib/notifications/notify.ts). The hooks decide who may receive it (visibility, watches);
 * notify drops the actor's own, switched-off types and what the recipient muted (`mutedBy`).
 */
export type TNotifyEvent = {
  recipientId: string;
  type: TNotificationType;
  /** Who caused it; null for the platform (a run finished, a competition started). Never notified of their own act. */
  actorId: string | null;
  /** Unread rows of the same recipient and key collapse into one: "reply:<threadId>", "forked:<configId>"… */
  groupKey: string;
  threadId?: string | null;
  postId?: string | null;
  runId?: string | null;
  configId?: string | null;
  datasetId?: string | null;
  competitionId?: string | null;
  excerpt?: string | null;
  values?: TNotificationValues | null;
  /** Things whose MUTE by the recipient silences this event. */
  mutedBy?: TWatchThing[];
};
