import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";
import { canViewDataset, datasetSql } from "../permissions/datasets";
import { HALF_STATE_SELECT, halfStateOf, type THalfState } from "../permissions/hidden-half";
import type { TViewer } from "../permissions/visibility";
import { searchMatchSql, searchRankSql, type TSearchColumns } from "../search/sql";
import { searchTerms } from "../search/terms";
import { ZDatasetListQuery, type TDatasetListQuery } from "./schemas";
import { isLookupKey } from "../validation";

export const DATASET_PAGE_SIZE = 20;

const listSelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  license: true,
  tags: true,
  visibility: true,
  taskType: true,
  primaryMetric: true,
  kind: true,
  targetColumn: true,
  starCount: true,
  runCount: true,
  versionCount: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { handle: true, name: true } },
} as const;

/** Where a dataset's text lives, for the search rule in lib/search (the tsvector weighs title > tags > description). */
const SEARCH_COLUMNS: TSearchColumns = {
  title: Prisma.sql`d."title"`,
  text: [Prisma.sql`d."description"`],
  cjkText: [Prisma.sql`trainyard_tags_text(d."tags")`],
  vector: Prisma.sql`d."searchVector"`,
};

/**
 * Browse and search: datasets listed to the viewer (public ones, plus all of their own; lib/permissions).
 * Search: lib/search (full text for Latin words, substrings for segmented Chinese).
 */
export async function listDatasets(
  input: TDatasetListQuery | Record<string, string | undefined>,
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  const query = ZDatasetListQuery.parse(input);
  const conditions: Prisma.Sql[] = [datasetSql(viewer, "listed", "d")];
  if (query.task) conditions.push(Prisma.sql`d."taskType" = ${query.task}::"TaskType"`);
  if (query.tag) conditions.push(Prisma.sql`${query.tag} = ANY(d."tags")`);
  let rank = Prisma.sql`0`;
  if (query.q) {
    const terms = searchTerms(query.q);
    conditions.push(searchMatchSql(terms, SEARCH_COLUMNS));
    rank = searchRankSql(terms, SEARCH_COLUMNS);
  }
  const order = {
    newest: query.q ? Prisma.sql`rank DESC, d."createdAt" DESC` : Prisma.sql`d."createdAt" DESC`,
    runs: Prisma.sql`d."runCount" DESC, d."createdAt" DESC`,
    stars: Prisma.sql`d."starCount" DESC, d."createdAt" DESC`,
  }[query.sort];
  const offset = (query.page - 1) * DATASET_PAGE_SIZE;
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    SELECT d."id", ${rank} AS rank, count(*) OVER () AS total
    FROM "Dataset" d
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY ${order}, d."id" DESC
    LIMIT ${DATASET_PAGE_SIZE} OFFSET ${offset}`;
  const total = Number(rows[0]?.total ?? (offset > 0 ? await countVisible(conditions, db) : 0));
  const byId = new Map(
    (await db.dataset.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: listSelect })).map((d) => [
      d.id,
      d,
    ]),
  );
  return {
    items: rows.map((r) => byId.get(r.id)!).filter(Boolean),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / DATASET_PAGE_SIZE)),
    query,
  };
}

async function countVisible(conditions: Prisma.Sql[], db: TPrisma) {
  const [row] = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM "Dataset" d WHERE ${Prisma.join(conditions, " AND ")}`;
  return Number(row?.n ?? 0);
}

/** Tags used by visible datasets, most used first (filter chips). */
export async function popularTags(limit = 20, db: TPrisma = getPrisma()) {
  return db.$queryRaw<{ tag: string; n: bigint }[]>`
    SELECT tag, count(*) AS n FROM "Dataset", unnest("tags") AS tag
    WHERE ${datasetSql(null, "listed", "Dataset")} GROUP BY tag ORDER BY n DESC, tag LIMIT ${limit}`;
}

const versionListSelect = {
  id: true,
  number: true,
  message: true,
  sha256: true,
  sizeBytes: true,
  originalName: true,
  rowCount: true,
  columnCount: true,
  profileStatus: true,
  profileProgress: true,
  splitCounts: true,
  excludedRowCount: true,
  createdAt: true,
} as const;

/** A dataset by owner handle and slug, or null when it does not exist or the viewer may not see it. */
export async function getDataset(ownerHandle: string, slug: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(ownerHandle, slug)) return null;
  const dataset = await db.dataset.findFirst({
    where: { slug: slug.toLowerCase(), owner: { handle: ownerHandle.toLowerCase() } },
    select: {
      ...listSelect,
      ownerId: true,
      citation: true,
      versions: { select: versionListSelect, orderBy: { number: "desc" } },
    },
  });
  if (!dataset || !canViewDataset(viewer, dataset)) return null;
  const starred = viewer
    ? Boolean(
        await db.datasetStar.findUnique({ where: { datasetId_userId: { datasetId: dataset.id, userId: viewer.id } } }),
      )
    : false;
  return { ...dataset, starred };
}

/**
 * One version with its schema, profile and split (not the per-row assignments), by number; a number no version can
 * have (past int4: `/versions/99999999999/download`) finds none.
 */
export async function getVersion(datasetId: string, number: number, db: TPrisma = getPrisma()) {
  if (!Number.isInteger(number) || number < 1 || number > 2_147_483_647) return null;
  return db.datasetVersion.findUnique({
    where: { datasetId_number: { datasetId, number } },
    select: {
      ...versionListSelect,
      format: true,
      schema: true,
      targetColumn: true,
      taskType: true,
      classes: true,
      profile: true,
      profileError: true,
      profileErrorValues: true,
      splitSeed: true,
      excludedLines: true,
      dataKey: true,
    },
  });
}

export async function getSplitAssignments(versionId: string, db: TPrisma = getPrisma()): Promise<Uint8Array> {
  const row = await db.datasetVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { splitAssignments: true },
  });
  return row.splitAssignments;
}

/** Who may see this version's private test half (lib/permissions/hidden-half.ts canSeePrivateHalf). */
export async function getHalfState(versionId: string, db: TPrisma = getPrisma()): Promise<THalfState> {
  return halfStateOf(
    await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: HALF_STATE_SELECT }),
  );
}
