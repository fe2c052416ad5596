import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";
import { datasetSql } from "../permissions/datasets";
import { threadSql, threadWhere } from "../permissions/discussions";
import type { TViewer } from "../permissions/visibility";
import { searchMatchSql, searchRankSql, type TSearchColumns } from "../search/sql";
import { containsPattern, searchTerms } from "../search/terms";
import { isLookupKey } from "../validation";
import { ZThreadListQuery, type TThreadListQuery } from "./schemas";

export const THREAD_PAGE_SIZE = 20;

/** Where a thread's text lives for the search rule (lib/search): its title and its opening post. */
const SEARCH_COLUMNS: TSearchColumns = { title: Prisma.sql`t."title"`, text: [Prisma.sql`p."body"`] };

/** A thread's own fields as lists and the thread page show them (queries.ts adds its subject). */
export const THREAD_SUMMARY_SELECT = {
  id: true,
  kind: true,
  title: true,
  tags: true,
  language: true,
  locked: true,
  pinned: true,
  acceptedPostId: true,
  replyCount: true,
  voteCount: true,
  lastActivityAt: true,
  createdAt: true,
  author: { select: { handle: true, name: true } },
} as const;

const listSelect = {
  ...THREAD_SUMMARY_SELECT,
  run: { select: { id: true, config: { select: { title: true } } } },
  config: { select: { id: true, slug: true, title: true, owner: { select: { handle: true } } } },
  dataset: { select: { id: true, slug: true, title: true, owner: { select: { handle: true } } } },
  datasetVersion: { select: { number: true } },
  competition: {
    select: {
      id: true,
      title: true,
      // Where the competition is shown: its dataset's board at its version.
      datasetVersion: {
        select: { number: true, dataset: { select: { slug: true, owner: { select: { handle: true } } } } },
      },
    },
  },
} as const;

/**
 * The /discussions index and the Discussion tabs: threads the viewer may list (lib/permissions/discussions.ts),
 * deleted ones never. Scoped to one thing (run, config, onDataset, competition) — a tab of a page the viewer opened by
 * link — that thing's threads are reached by link, as a dataset's runs tab lists the runs of an unlisted dataset.
 * Search: lib/search over the title and the opening post (Chinese segmented into words).
 */
export async function listThreads(
  input: TThreadListQuery | Record<string, string | undefined>,
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  return findThreads(ZThreadListQuery.parse(input), viewer, THREAD_PAGE_SIZE, db);
}

async function findThreads(
  query: ReturnType<typeof ZThreadListQuery.parse>,
  viewer: TViewer,
  pageSize: number,
  db: TPrisma,
) {
  const scoped = Boolean(query.run || query.config || query.onDataset || query.competition || query.version);
  // Hidden by a moderator: never listed, not even to its author (lib/moderation).
  const conditions: Prisma.Sql[] = [
    Prisma.sql`t."deletedAt" IS NULL AND t."hiddenAt" IS NULL`,
    threadSql(viewer, scoped ? "link" : "listed"),
  ];
  if (query.kind) conditions.push(Prisma.sql`t."kind" = ${query.kind}::"ThreadKind"`);
  if (query.unanswered) conditions.push(Prisma.sql`t."kind" = 'QUESTION' AND t."acceptedPostId" IS NULL`);
  // Never a filter on an undefined id: signed out, "mine" is nobody's.
  if (query.mine) conditions.push(viewer ? Prisma.sql`t."authorId" = ${viewer.id}` : Prisma.sql`FALSE`);
  if (query.tag) conditions.push(Prisma.sql`${query.tag} = ANY(t."tags")`);
  if (query.run) conditions.push(Prisma.sql`t."runId" = ${query.run}`);
  if (query.config) conditions.push(Prisma.sql`t."configId" = ${query.config}`);
  if (query.onDataset) conditions.push(Prisma.sql`t."datasetId" = ${query.onDataset}`);
  if (query.competition) conditions.push(Prisma.sql`t."competitionId" = ${query.competition}`);
  if (query.version)
    conditions.push(Prisma.sql`(t."datasetVersionId" = ${query.version} OR EXISTS (SELECT 1 FROM "Competition" fc
      WHERE fc."id" = t."competitionId" AND fc."datasetVersionId" = ${query.version}))`);
  if (query.dataset)
    conditions.push(Prisma.sql`(t."datasetId" = ${query.dataset}
      OR EXISTS (SELECT 1 FROM "Run" fr JOIN "DatasetVersion" fv ON fv."id" = fr."datasetVersionId"
        WHERE fr."id" = t."runId" AND fv."datasetId" = ${query.dataset})
      OR EXISTS (SELECT 1 FROM "Competition" fc JOIN "DatasetVersion" fv ON fv."id" = fc."datasetVersionId"
        WHERE fc."id" = t."competitionId" AND fv."datasetId" = ${query.dataset}))`);
  let rank = Prisma.sql`0`;
  if (query.q) {
    const terms = searchTerms(query.q);
    conditions.push(searchMatchSql(terms, SEARCH_COLUMNS));
    rank = searchRankSql(terms, SEARCH_COLUMNS);
  }
  const order = {
    active: query.q ? Prisma.sql`rank DESC, t."lastActivityAt" DESC` : Prisma.sql`t."lastActivityAt" DESC`,
    new: Prisma.sql`t."createdAt" DESC`,
    top: Prisma.sql`t."voteCount" DESC, t."createdAt" DESC`,
  }[query.sort];
  const offset = (query.page - 1) * pageSize;
  const where = Prisma.join(conditions, " AND ");
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    SELECT t."id", ${rank} AS rank, count(*) OVER () AS total
    FROM "Thread" t JOIN "Post" p ON p."threadId" = t."id" AND p."kind" = 'OPENING'
    WHERE ${where}
    ORDER BY t."pinned" DESC, ${order}, t."id" DESC
    LIMIT ${pageSize} OFFSET ${offset}`;
  let total = Number(rows[0]?.total ?? 0);
  if (!rows.length && offset > 0) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n
      FROM "Thread" t JOIN "Post" p ON p."threadId" = t."id" AND p."kind" = 'OPENING' WHERE ${where}`;
    total = Number(row?.n ?? 0);
  }
  const found = await db.thread.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: listSelect });
  const byId = new Map(found.map((t) => [t.id, t]));
  return {
    items: rows
      .map((r) => byId.get(r.id))
      .filter((t) => t !== undefined)
      .map(({ acceptedPostId, run, dataset, datasetVersion, competition, ...t }) => ({
        ...t,
        answered: acceptedPostId !== null,
        // A listed thread's thing is listed to the viewer (a scoped list's, open to them by link): its title may show.
        run: run && { id: run.id, configTitle: run.config.title },
        dataset: dataset && { ...dataset, version: datasetVersion?.number ?? null },
        competition: competition && {
          id: competition.id,
          title: competition.title,
          version: competition.datasetVersion.number,
          slug: competition.datasetVersion.dataset.slug,
          owner: competition.datasetVersion.dataset.owner,
        },
      })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    query,
  };
}

/** What a thing page's Discussion section is about; a dataset version means it or the competition on it (a board). */
export type TThreadThing =
  | { runId: string }
  | { configId: string }
  | { datasetId: string }
  | { datasetVersionId: string }
  | { competitionId: string };

const thingWhere = (thing: TThreadThing): Prisma.ThreadWhereInput =>
  "datasetVersionId" in thing
    ? {
        OR: [
          { datasetVersionId: thing.datasetVersionId },
          { competition: { datasetVersionId: thing.datasetVersionId } },
        ],
      }
    : thing;

/** The index's filter that lists the same threads as threadCounts counts: /discussions?<key>=<id>. */
export function threadFilter(thing: TThreadThing): {
  key: "run" | "config" | "onDataset" | "version" | "competition";
  id: string;
} {
  if ("runId" in thing) return { key: "run", id: thing.runId };
  if ("configId" in thing) return { key: "config", id: thing.configId };
  if ("datasetId" in thing) return { key: "onDataset", id: thing.datasetId };
  if ("datasetVersionId" in thing) return { key: "version", id: thing.datasetVersionId };
  return { key: "competition", id: thing.competitionId };
}

/**
 * Counts for a thing's Discussion tab label ("Discussion (3)"): its threads the viewer may see (the thing itself is
 * open to them by link), deleted ones left out; questions, and questions without an accepted answer.
 */
export async function threadCounts(thing: TThreadThing, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(...Object.values(thing))) return { total: 0, questions: 0, unanswered: 0 };
  const where: Prisma.ThreadWhereInput = {
    AND: [thingWhere(thing), { deletedAt: null, hiddenAt: null }, threadWhere(viewer, "link")],
  };
  const [total, questions, unanswered] = await Promise.all([
    db.thread.count({ where }),
    db.thread.count({ where: { AND: [where, { kind: "QUESTION" }] } }),
    db.thread.count({ where: { AND: [where, { kind: "QUESTION", acceptedPostId: null }] } }),
  ]);
  return { total, questions, unanswered };
}

/** A thing page's Discussion section: the latest threads about it, most recently active first. */
export async function latestThreads(thing: TThreadThing, viewer: TViewer, limit = 5, db: TPrisma = getPrisma()) {
  const { key, id } = threadFilter(thing);
  return (await findThreads(ZThreadListQuery.parse({ [key]: id }), viewer, limit, db)).items;
}

/**
 * Datasets that listed threads are about (on a version, on a run on it, on its competition), most discussed first:
 * the index's dataset filter. `include` (the dataset chosen now) is kept among them however few its threads. Only
 * datasets listed to the viewer, so a hidden one's title never shows.
 */
export async function threadDatasets(
  viewer: TViewer,
  { limit = 30, include }: { limit?: number; include?: string } = {},
  db: TPrisma = getPrisma(),
) {
  const chosen = include && isLookupKey(include) ? include : "";
  const rows = await db.$queryRaw<{ id: string; title: string; slug: string; handle: string; n: bigint }[]>`
    SELECT d."id", d."title", d."slug", u."handle", count(*) AS n
    FROM "Thread" t
      LEFT JOIN "Run" tr ON tr."id" = t."runId"
      LEFT JOIN "DatasetVersion" trv ON trv."id" = tr."datasetVersionId"
      LEFT JOIN "Competition" tc ON tc."id" = t."competitionId"
      LEFT JOIN "DatasetVersion" tcv ON tcv."id" = tc."datasetVersionId"
      JOIN "Dataset" d ON d."id" = COALESCE(t."datasetId", trv."datasetId", tcv."datasetId")
      JOIN "User" u ON u."id" = d."ownerId"
    WHERE t."deletedAt" IS NULL AND t."hiddenAt" IS NULL AND ${threadSql(viewer, "listed")}
      AND ${datasetSql(viewer, "listed", "d")}
    GROUP BY d."id", u."handle"
    ORDER BY d."id" = ${chosen} DESC, n DESC, d."title", d."id" LIMIT ${Math.min(Math.max(1, limit), 100)}`;
  return rows
    .map((r) => ({ id: r.id, title: r.title, slug: r.slug, owner: r.handle, threads: Number(r.n) }))
    .sort((a, b) => b.threads - a.threads || a.title.localeCompare(b.title));
}

/** Tags of listed threads that start with `prefix`, most used first (the tag input's suggestions). */
export async function suggestTags(prefix: string, limit = 10, db: TPrisma = getPrisma()) {
  const p = prefix.trim().toLowerCase().slice(0, 30);
  if (!isLookupKey(p)) return [];
  const pattern = containsPattern(p).slice(1); // "prefix%", its pattern characters escaped
  const rows = await db.$queryRaw<{ tag: string; n: bigint }[]>`
    SELECT tag, count(*) AS n FROM "Thread" t, unnest(t."tags") AS tag
    WHERE t."deletedAt" IS NULL AND t."hiddenAt" IS NULL AND ${threadSql(null, "listed")} AND tag LIKE ${pattern}
    GROUP BY tag ORDER BY n DESC, tag LIMIT ${Math.min(Math.max(1, limit), 50)}`;
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}
