import type { TDb } from "../db";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { NOTIFICATION_GROUPS, type TNotificationType, type TNotificationValues } from "./schemas";

/*
 * A notification as its recipient sees it now: the subject's title and link resolved at read time, under the
 * visibility rules of lib/permissions. A thing that is gone or that the recipient can no longer see (made private,
 * its dataset hidden) keeps its row but shows no title, no link, no excerpt and no values.
 */

export type TSubjectKind = "thread" | "run" | "config" | "competition";

export type TNotificationView = {
  id: string;
  /** The row's seq as decimal text: the live stream's event id. */
  seq: string;
  type: TNotificationType;
  /** Events collapsed into this row ("3 new replies"). */
  count: number;
  /** Handles of who caused it, latest first, at most five (deleted accounts left out). */
  actors: string[];
  /** How many distinct people caused its events, all of them (deleted accounts included): "and N others" is N + 1. */
  actorCount: number;
  subject: { kind: TSubjectKind; href: string | null; title: string | null };
  excerpt: string | null;
  /** Structured values of the latest event (runFailed: error key; forkBeatYou: metric and public scores…). */
  values: TNotificationValues;
  createdAt: Date;
  updatedAt: Date;
  read: boolean;
};

/** The columns a view is made from. */
export const NOTIFICATION_SELECT = {
  id: true,
  seq: true,
  type: true,
  count: true,
  actorIds: true,
  actorCount: true,
  threadId: true,
  postId: true,
  runId: true,
  configId: true,
  competitionId: true,
  excerpt: true,
  values: true,
  createdAt: true,
  updatedAt: true,
  readAt: true,
} as const;

type TRow = {
  id: string;
  seq: bigint;
  type: string;
  count: number;
  actorIds: string[];
  actorCount: number;
  threadId: string | null;
  postId: string | null;
  runId: string | null;
  configId: string | null;
  competitionId: string | null;
  excerpt: string | null;
  values: unknown;
  createdAt: Date;
  updatedAt: Date;
  readAt: Date | null;
};

const OWNED = { ownerId: true, visibility: true } as const;
const NAMED = { ...OWNED, id: true, slug: true, title: true, owner: { select: { handle: true } } } as const;

export function subjectKindOf(type: string): TSubjectKind {
  if ((NOTIFICATION_GROUPS.discussions as readonly string[]).includes(type)) return "thread";
  if (type === "forked") return "config";
  if ((NOTIFICATION_GROUPS.competitions as readonly string[]).includes(type)) return "competition";
  return "run";
}

const ids = (rows: TRow[], pick: (r: TRow) => string | null) => [
  ...new Set(rows.map(pick).filter((x): x is string => x !== null)),
];

/** Resolves rows of one recipient into views, with one query per kind of thing. */
export async function toViews(recipientId: string, rows: TRow[], db: TDb): Promise<TNotificationView[]> {
  if (!rows.length) return [];
  const viewer: TViewer = { id: recipientId };
  const [actors, threads, posts, runs, configs, competitions] = await Promise.all([
    db.user.findMany({
      where: { id: { in: [...new Set(rows.flatMap((r) => r.actorIds))] } },
      select: { id: true, handle: true },
    }),
    db.thread.findMany({
      where: { id: { in: ids(rows, (r) => r.threadId) } },
      select: { id: true, title: true, ...THREAD_ACCESS_SELECT },
    }),
    db.post.findMany({
      where: { id: { in: ids(rows, (r) => r.postId) } },
      select: { id: true, deletedAt: true, hiddenAt: true },
    }),
    db.run.findMany({
      where: { id: { in: ids(rows, (r) => r.runId) } },
      select: {
        id: true,
        userId: true,
        config: { select: { ...OWNED, title: true } },
        datasetVersion: { select: { dataset: { select: OWNED } } },
      },
    }),
    db.config.findMany({ where: { id: { in: ids(rows, (r) => r.configId) } }, select: NAMED }),
    db.competition.findMany({
      where: { id: { in: ids(rows, (r) => r.competitionId) } },
      select: { id: true, title: true, datasetVersion: { select: { number: true, dataset: { select: NAMED } } } },
    }),
  ]);
  const handle = new Map(actors.map((a) => [a.id, a.handle]));
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const [threadBy, postBy, runBy, configBy, competitionBy] = [
    byId(threads),
    byId(posts),
    byId(runs),
    byId(configs),
    byId(competitions),
  ];

  return rows.map((row) => {
    const kind = subjectKindOf(row.type);
    let subject: { href: string; title: string } | null = null;
    let excerptShown = false;
    if (kind === "thread") {
      const t = row.threadId ? threadBy.get(row.threadId) : undefined;
      if (t && canViewThread(viewer, t)) {
        subject = { href: `/discussions/${t.id}${row.postId ? `#post-${row.postId}` : ""}`, title: t.title };
        const post = row.postId ? postBy.get(row.postId) : undefined;
        excerptShown = Boolean(post && !post.deletedAt && !post.hiddenAt);
      }
    } else if (kind === "run") {
      const r = row.runId ? runBy.get(row.runId) : undefined;
      if (r && canViewRun(viewer, r)) subject = { href: `/runs/${r.id}`, title: r.config.title };
    } else if (kind === "config") {
      const c = row.configId ? configBy.get(row.configId) : undefined;
      if (c && canViewConfig(viewer, c))
        subject = { href: `/configs/${c.owner.handle}/${c.slug}/lineage`, title: c.title };
    } else {
      const c = row.competitionId ? competitionBy.get(row.competitionId) : undefined;
      const d = c?.datasetVersion.dataset;
      if (c && d && canViewDataset(viewer, d))
        subject = { href: `/leaderboards/${d.owner.handle}/${d.slug}?v=${c.datasetVersion.number}`, title: c.title };
    }
    return {
      id: row.id,
      seq: String(row.seq),
      type: row.type as TNotificationType,
      count: row.count,
      actors: row.actorIds.flatMap((a) => (handle.has(a) ? [handle.get(a)!] : [])),
      // A row written other than by notify() (a seed, a raw insert) has the column's default: never fewer than kept.
      actorCount: Math.max(row.actorCount, row.actorIds.length),
      subject: { kind, href: subject?.href ?? null, title: subject?.title ?? null },
      excerpt: excerptShown ? row.excerpt : null,
      values: subject && row.values && typeof row.values === "object" ? (row.values as TNotificationValues) : {},
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      read: row.readAt !== null,
    };
  });
}
