import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";
import { canFollowConfig, canViewConfig, configWhere } from "../permissions/configs";
import { visibleSql, type TViewer } from "../permissions/visibility";
import { searchMatchSql, searchRankSql, type TSearchColumns } from "../search/sql";
import { searchTerms } from "../search/terms";
import { ZConfigListQuery } from "./schemas";
import { isLookupKey } from "../validation";

export const CONFIG_PAGE_SIZE = 20;

const summarySelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  ownerId: true,
  visibility: true,
  taskType: true,
  layerTypes: true,
  forkCount: true,
  starCount: true,
  revisionCount: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { handle: true } },
  forkedFrom: {
    select: {
      number: true,
      config: {
        select: { slug: true, title: true, visibility: true, ownerId: true, owner: { select: { handle: true } } },
      },
    },
  },
} as const;

type TWithParent = Prisma.ConfigGetPayload<{
  select: { ownerId: true; visibility: true; forkedFrom: typeof summarySelect.forkedFrom };
}>;

/** Say "forked from" only where the viewer may follow the link to the parent (lib/permissions). */
function withFollowableParent<T extends TWithParent>(config: T, viewer: TViewer): T {
  const parent =
    config.forkedFrom && canFollowConfig(viewer, config, config.forkedFrom.config) ? config.forkedFrom : null;
  return { ...config, forkedFrom: parent };
}

/** Where a config's text lives, for the search rule in lib/search (no tsvector: Latin words match as substrings). */
const SEARCH_COLUMNS: TSearchColumns = { title: Prisma.sql`c."title"`, text: [Prisma.sql`c."description"`] };

/**
 * Browse and search: configs listed to the viewer (lib/permissions' rule in its SQL form). Raw SQL because search
 * ranks by relevance (lib/search); the rows are then loaded through Prisma in that order.
 */
export async function listConfigs(
  input: Record<string, string | undefined>,
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  const query = ZConfigListQuery.parse(input);
  const conditions: Prisma.Sql[] = [visibleSql(viewer, "listed", "c")];
  if (query.task) conditions.push(Prisma.sql`c."taskType" = ${query.task}::"TaskType"`);
  if (query.layer) conditions.push(Prisma.sql`${query.layer} = ANY(c."layerTypes")`);
  if (query.author) {
    conditions.push(Prisma.sql`c."ownerId" IN (SELECT u."id" FROM "User" u WHERE u."handle" = ${query.author})`);
  }
  let rank = Prisma.sql`0`;
  if (query.q) {
    const terms = searchTerms(query.q);
    conditions.push(searchMatchSql(terms, SEARCH_COLUMNS));
    rank = searchRankSql(terms, SEARCH_COLUMNS);
  }
  const order = {
    newest: query.q ? Prisma.sql`rank DESC, c."createdAt" DESC` : Prisma.sql`c."createdAt" DESC`,
    forks: Prisma.sql`c."forkCount" DESC, c."createdAt" DESC`,
    stars: Prisma.sql`c."starCount" DESC, c."createdAt" DESC`,
  }[query.sort];
  const where = Prisma.join(conditions, " AND ");
  const offset = (query.page - 1) * CONFIG_PAGE_SIZE;
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    SELECT c."id", ${rank} AS rank, count(*) OVER () AS total
    FROM "Config" c
    WHERE ${where}
    ORDER BY ${order}, c."id" DESC
    LIMIT ${CONFIG_PAGE_SIZE} OFFSET ${offset}`;
  // Past the last page the window count is gone with the rows; count again so the pager still knows the total.
  const total = Number(rows[0]?.total ?? (offset > 0 ? await countConfigs(where, db) : 0));
  const byId = new Map(
    (await db.config.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: summarySelect })).map((c) => [
      c.id,
      c,
    ]),
  );
  const items = rows.flatMap((r) => byId.get(r.id) ?? []);
  return {
    items: items.map((c) => withFollowableParent(c, viewer)),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / CONFIG_PAGE_SIZE)),
    query,
  };
}

async function countConfigs(where: Prisma.Sql, db: TPrisma) {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Config" c WHERE ${where}`;
  return Number(row?.n ?? 0);
}

/** A config with its revisions, or null if it does not exist or the viewer may not see it. */
export async function getConfig(ownerHandle: string, slug: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(ownerHandle, slug)) return null;
  const config = await db.config.findFirst({
    where: { slug: slug.toLowerCase(), owner: { handle: ownerHandle.toLowerCase() } },
    select: {
      ...summarySelect,
      ownerId: true,
      designedForVersionId: true,
      revisions: {
        orderBy: { number: "desc" },
        select: { id: true, number: true, message: true, specHash: true, totalParams: true, createdAt: true },
      },
    },
  });
  if (!config || !canViewConfig(viewer, config)) return null;
  return withFollowableParent(config, viewer);
}

/** A revision by number. A number no revision can have (NaN, 1.5, past int4: a URL's `/revisions/x`, `?b=1e10`) finds none. */
export async function getRevision(configId: string, number: number, db: TPrisma = getPrisma()) {
  if (!Number.isInteger(number) || number < 1 || number > 2_147_483_647) return null;
  return db.configRevision.findUnique({ where: { configId_number: { configId, number } } });
}

/**
 * The revision a fork was made from, as getConfig's `forkedFrom` names it. getConfig already drops a parent the viewer
 * may not follow, so only a parent that it returned should be passed here.
 */
export async function getForkParentRevision(
  forkedFrom: { number: number; config: { slug: string; owner: { handle: string } } },
  db: TPrisma = getPrisma(),
) {
  return db.configRevision.findFirst({
    where: {
      number: forkedFrom.number,
      config: { slug: forkedFrom.config.slug, owner: { handle: forkedFrom.config.owner.handle } },
    },
  });
}

export type TLineageNode = {
  id: string;
  owner: string;
  slug: string;
  title: string;
  revisionCount: number;
  /** The parent revision number this config was forked from (null for the root). */
  forkedAtRevision: number | null;
  parentId: string | null;
  depth: number;
};

const MAX_LINEAGE_NODES = 200;

/** Ancestors up to the root and descendants (breadth-first, bounded), only those the viewer can see. */
export async function getLineage(
  configId: string,
  viewer: TViewer,
  db: TPrisma = getPrisma(),
): Promise<TLineageNode[]> {
  const select = {
    id: true,
    slug: true,
    title: true,
    revisionCount: true,
    ownerId: true,
    visibility: true,
    owner: { select: { handle: true } },
    forkedFrom: { select: { number: true, configId: true } },
  } as const;
  type TRow = Prisma.ConfigGetPayload<{ select: typeof select }>;
  const toNode = (c: TRow, depth: number): TLineageNode => ({
    id: c.id,
    owner: c.owner.handle,
    slug: c.slug,
    title: c.title,
    revisionCount: c.revisionCount,
    forkedAtRevision: c.forkedFrom?.number ?? null,
    parentId: c.forkedFrom?.configId ?? null,
    depth,
  });
  const start = await db.config.findUnique({ where: { id: configId }, select });
  if (!start || !canViewConfig(viewer, start)) return [];
  const nodes = new Map<string, TLineageNode>([[start.id, toNode(start, 0)]]);

  let cursor: TRow | null = start;
  for (let depth = -1; cursor?.forkedFrom && depth > -50; depth--) {
    const parent: TRow | null = await db.config.findUnique({ where: { id: cursor.forkedFrom.configId }, select });
    if (!parent || !canFollowConfig(viewer, cursor, parent)) {
      nodes.get(cursor.id)!.parentId = null; // hide what the viewer may not see
      break;
    }
    nodes.set(parent.id, toNode(parent, depth));
    cursor = parent;
  }

  // Descendants breadth-first; each edge shown only where the viewer may follow it from the parent.
  const rows = new Map<string, TRow>([[start.id, start]]);
  let frontier = [start.id];
  for (let depth = 1; frontier.length && nodes.size < MAX_LINEAGE_NODES; depth++) {
    const children = await db.config.findMany({
      where: { AND: [{ forkedFrom: { configId: { in: frontier } } }, configWhere(viewer, "link")] },
      select,
      orderBy: { createdAt: "asc" },
      take: MAX_LINEAGE_NODES - nodes.size,
    });
    frontier = [];
    for (const child of children) {
      const parent = rows.get(child.forkedFrom!.configId);
      if (nodes.has(child.id) || !parent || !canFollowConfig(viewer, parent, child)) continue;
      nodes.set(child.id, toNode(child, depth));
      rows.set(child.id, child);
      frontier.push(child.id);
    }
  }
  return [...nodes.values()].sort((a, b) => a.depth - b.depth);
}
