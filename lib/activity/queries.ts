import { getPrisma, type TPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { decodeCursor, encodeCursor } from "../pagination";
import { datasetWhere } from "../permissions/datasets";
import { threadWhere } from "../permissions/discussions";
import { runWhere } from "../permissions/runs";
import { ACTIVITY_KINDS, type TActivityKind } from "./mutations";

/*
 * The feeds: a profile's activity (one actor), the site's notable activity (visitors; the "Everyone" tab) and a
 * signed-in user's followed activity (people and datasets they follow). All newest first, keyset-paginated on
 * (createdAt, id) so pages stay stable while entries arrive and a deep page costs what the first does; each is one
 * index range or, for the followed feed, one bounded range per followed thing merged (listFollowedFeed explains).
 *
 * Feeds are public: an entry shows only while everything it names is still listed to everyone (a dataset made private,
 * a thread hidden by a moderator, an acceptance taken back: the entry disappears), with titles read fresh.
 */

export const ACTIVITY_PAGE_SIZE = 20;

type TRow = { id: string; actorId: string; kind: string; subject: unknown; datasetId: string | null; createdAt: Date };

type TSubject = {
  runId?: string;
  threadId?: string;
  postId?: string;
  competitionId?: string;
  number?: number;
  metric?: string;
  score?: number;
};

export type TActivityItem = {
  id: string;
  kind: TActivityKind | "unknown";
  createdAt: Date;
  actor: { handle: string; name: string | null };
  dataset: { title: string; href: string } | null;
  run: { href: string; configTitle: string } | null;
  thread: { title: string; href: string } | null;
  number: number | null;
  metric: string | null;
  score: number | null;
};

export type TActivityPage = { items: TActivityItem[]; nextCursor: string | null };

const ROW_SELECT = { id: true, actorId: true, kind: true, subject: true, datasetId: true, createdAt: true } as const;

const afterWhere = (cursor: string | null | undefined) => {
  const after = decodeCursor(cursor);
  return after
    ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
    : {};
};

/** One actor's entries (a profile's Activity tab), sign-ups included. */
export async function listActivity(
  { actorId, cursor, limit = ACTIVITY_PAGE_SIZE }: { actorId: string; cursor?: string | null; limit?: number },
  db: TPrisma = getPrisma(),
): Promise<TActivityPage> {
  const rows = await db.activity.findMany({
    where: { actorId, ...afterWhere(cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: ROW_SELECT,
  });
  return pageOf(rows, limit, db);
}

/** The site's notable activity: everything but sign-ups (the partial index on notable). */
export async function listNotable(
  { cursor, limit = ACTIVITY_PAGE_SIZE }: { cursor?: string | null; limit?: number },
  db: TPrisma = getPrisma(),
): Promise<TActivityPage> {
  const rows = await db.activity.findMany({
    where: { notable: true, ...afterWhere(cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: ROW_SELECT,
  });
  return pageOf(rows, limit, db);
}

/**
 * What the people and datasets a user follows did. Each followed thing contributes at most `limit + 1` entries after
 * the cursor, read from its own index range (actor's or dataset's, newest first), and the union is cut to the page: the
 * cost is (follows × page size) index entries, however many entries the feed holds. A followed person's sign-up is not
 * news; a followed dataset's entries come whoever wrote them (a stranger's #1 run on it, an accepted answer about it).
 */
export async function listFollowedFeed(
  { userId, cursor, limit = ACTIVITY_PAGE_SIZE }: { userId: string; cursor?: string | null; limit?: number },
  db: TPrisma = getPrisma(),
): Promise<TActivityPage> {
  return pageOf(await followedFeedRows({ userId, cursor, limit }, db), limit, db);
}

/** The rows of one page of the followed feed (`limit + 1` at most, to tell whether another page follows). */
export async function followedFeedRows(
  { userId, cursor, limit }: { userId: string; cursor?: string | null; limit: number },
  db: TPrisma = getPrisma(),
): Promise<TRow[]> {
  const after = decodeCursor(cursor);
  const n = limit + 1;
  const before = after
    ? Prisma.sql`AND (a."createdAt", a."id") < (${after.createdAt}::timestamp(3), ${after.id})`
    : Prisma.empty;
  return db.$queryRaw<TRow[]>`
    WITH picked AS (
      SELECT x."id", x."createdAt" FROM "Follow" f CROSS JOIN LATERAL (
        SELECT a."id", a."createdAt" FROM "Activity" a
        WHERE a."actorId" = f."userId" AND a."notable" ${before}
        ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ${n}
      ) x
      WHERE f."followerId" = ${userId} AND f."userId" IS NOT NULL
      UNION
      SELECT x."id", x."createdAt" FROM "Follow" f CROSS JOIN LATERAL (
        SELECT a."id", a."createdAt" FROM "Activity" a
        WHERE a."datasetId" = f."datasetId" ${before}
        ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ${n}
      ) x
      WHERE f."followerId" = ${userId} AND f."datasetId" IS NOT NULL
      ORDER BY "createdAt" DESC, "id" DESC LIMIT ${n}
    )
    SELECT a."id", a."actorId", a."kind", a."subject", a."datasetId", a."createdAt"
    FROM picked p JOIN "Activity" a ON a."id" = p."id"
    ORDER BY a."createdAt" DESC, a."id" DESC`;
}

/** Whether the user follows anyone or anything (the home page's default tab). */
export async function followsAnything(userId: string, db: TPrisma = getPrisma()): Promise<boolean> {
  return (await db.follow.count({ where: { followerId: userId }, take: 1 })) > 0;
}

async function pageOf(rows: TRow[], limit: number, db: TPrisma): Promise<TActivityPage> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await resolve(page, db),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

const KINDS: ReadonlySet<string> = new Set(ACTIVITY_KINDS);

/**
 * Titles, links and the public check for a page of entries: one query per kind of thing named (datasets, runs,
 * threads, actors), each through the "listed to everyone" rule of lib/permissions. An entry naming anything that is
 * no longer listed, hidden or gone is dropped.
 */
async function resolve(page: TRow[], db: TPrisma): Promise<TActivityItem[]> {
  if (!page.length) return [];
  const subjects = page.map((r) => (r.subject && typeof r.subject === "object" ? (r.subject as TSubject) : {}));
  const ids = (pick: (s: TSubject, r: TRow) => string | null | undefined) => [
    ...new Set(page.map((r, i) => pick(subjects[i]!, r)).filter((id): id is string => typeof id === "string")),
  ];
  const datasetIds = ids((_, r) => r.datasetId);
  const runIds = ids((s) => s.runId);
  const threadIds = ids((s) => s.threadId);
  const [actors, datasets, runs, threads] = await Promise.all([
    db.user.findMany({
      where: { id: { in: ids((_, r) => r.actorId) } },
      select: { id: true, handle: true, name: true },
    }),
    datasetIds.length
      ? db.dataset.findMany({
          where: { AND: [{ id: { in: datasetIds } }, datasetWhere(null, "listed")] },
          select: { id: true, title: true, slug: true, owner: { select: { handle: true } } },
        })
      : [],
    runIds.length
      ? db.run.findMany({
          where: { AND: [{ id: { in: runIds } }, runWhere(null, "listed")] },
          select: { id: true, config: { select: { title: true } } },
        })
      : [],
    threadIds.length
      ? db.thread.findMany({
          where: { AND: [{ id: { in: threadIds }, deletedAt: null, hiddenAt: null }, threadWhere(null, "listed")] },
          select: { id: true, title: true, acceptedPostId: true },
        })
      : [],
  ]);
  const actorBy = new Map(actors.map((a) => [a.id, a]));
  const datasetBy = new Map(datasets.map((d) => [d.id, d]));
  const runBy = new Map(runs.map((r) => [r.id, r]));
  const threadBy = new Map(threads.map((t) => [t.id, t]));
  return page.flatMap((row, i): TActivityItem[] => {
    const s = subjects[i]!;
    const actor = actorBy.get(row.actorId);
    const dataset = row.datasetId ? datasetBy.get(row.datasetId) : undefined;
    const run = s.runId ? runBy.get(s.runId) : undefined;
    const thread = s.threadId ? threadBy.get(s.threadId) : undefined;
    if (!actor || (row.datasetId && !dataset) || (s.runId && !run) || (s.threadId && !thread)) return [];
    // An acceptance taken back (or moved to another answer) is no longer news about this author.
    if (row.kind === "answer.accepted" && thread?.acceptedPostId !== s.postId) return [];
    return [
      {
        id: row.id,
        kind: KINDS.has(row.kind) ? (row.kind as TActivityKind) : "unknown",
        createdAt: row.createdAt,
        actor: { handle: actor.handle, name: actor.name },
        dataset: dataset ? { title: dataset.title, href: `/datasets/${dataset.owner.handle}/${dataset.slug}` } : null,
        run: run ? { href: `/runs/${run.id}`, configTitle: run.config.title } : null,
        thread: thread ? { title: thread.title, href: `/discussions/${thread.id}` } : null,
        number: typeof s.number === "number" ? s.number : null,
        metric: typeof s.metric === "string" ? s.metric : null,
        score: typeof s.score === "number" ? s.score : null,
      },
    ];
  });
}
