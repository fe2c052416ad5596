import { Prisma } from "../generated/prisma/client";
import type { TViewer, TVisibility } from "../permissions/visibility";
import { getPrisma, type TPrisma } from "../db";
import { isConfigListed } from "../permissions/configs";
import { canViewRun } from "../permissions/runs";
import { canViewDataset, datasetWhere } from "../permissions/datasets";
import { countedRuns, dayStart, phaseOf, type TPhase } from "./competitions";
import { privateHalfRevealed } from "../permissions/hidden-half";
import {
  boardMetrics,
  isBoardMetric,
  metricDirection,
  primaryMetric,
  type TBoardMetric,
  type TDirection,
} from "./metrics";
import { rankOrder, rankOrderBy, rankTuple } from "./ranking";
import { INTERVAL_COLUMNS, intervalOf, intervalsOverlap, leaderProbe, type TInterval } from "./intervals";
import { BOARD_PAGE_SIZE } from "./schemas";
import { isLookupKey } from "../validation";

/**
 * Everything a board page needs to know before reading rows: the dataset, the
 * chosen version and metric, the competition if any, and whether private scores show.
 */
export async function getBoardContext(
  { owner, slug, version, metric }: { owner: string; slug: string; version?: number; metric?: string },
  viewer: TViewer,
  db: TPrisma = getPrisma(),
  now = new Date(),
) {
  if (!isLookupKey(owner, slug)) return null;
  const dataset = await db.dataset.findFirst({
    where: { slug, owner: { handle: owner.toLowerCase() } },
    select: {
      id: true,
      slug: true,
      title: true,
      ownerId: true,
      visibility: true,
      taskType: true,
      primaryMetric: true,
      owner: { select: { handle: true } },
      versions: {
        orderBy: { number: "desc" },
        select: { id: true, number: true, privateRevealedAt: true, scoredRuns: true, competition: true },
      },
    },
  });
  if (!dataset || !canViewDataset(viewer, dataset) || !dataset.versions.length) return null;
  const chosen = dataset.versions.find((v) => v.number === version) ?? dataset.versions[0]!;
  const competition = chosen.competition;
  const fallback =
    competition && isBoardMetric(dataset.taskType, competition.metric) ? competition.metric : primaryMetric(dataset);
  const boardMetric: TBoardMetric = metric && isBoardMetric(dataset.taskType, metric) ? metric : fallback;
  return {
    dataset,
    version: chosen,
    metric: boardMetric,
    metrics: boardMetrics(dataset.taskType),
    direction: metricDirection(dataset.taskType, boardMetric),
    competition,
    phase: competition ? phaseOf(competition, now) : null,
    privateShown: privateHalfRevealed({ privateRevealedAt: chosen.privateRevealedAt, competition }, now),
    isOwner: viewer?.id === dataset.ownerId,
  };
}
export type TBoardContext = NonNullable<Awaited<ReturnType<typeof getBoardContext>>>;

export type TBoardRow = {
  rank: number | null;
  userId: string;
  handle: string;
  runId: string;
  configId: string;
  configTitle: string | null; // null: a private config the viewer may not see
  configSlug: string;
  configOwner: string;
  parent: { configId: string; title: string | null; slug: string; owner: string } | null;
  publicScore: number;
  privateScore: number | null;
  sortKey: number;
  submittedAt: Date;
  entries: number | null;
  late: boolean;
  /** Same score as the row above: the earlier submission ranks higher. */
  tie: boolean;
  publicRank: number | null;
  /** Places gained (positive) or lost on the private board against the public one. */
  shift: number | null;
  /** Improvement of this entry over its fork parent's best on this board, in the metric's direction. */
  forkGain: number | null;
  /** A fine-tuned entry's base run, when the viewer may see it (fineTuned says there is one either way). */
  baseRunId: string | null;
  fineTuned: boolean;
  /** 95 % bootstrap intervals of the scores (null for runs evaluated before intervals); private only where shown. */
  publicInterval: TInterval | null;
  privateInterval: TInterval | null;
  /** Its interval on the side shown overlaps the leader's: statistically indistinguishable from rank 1. */
  nearLeader: boolean;
};

type TRawRow = {
  userId: string;
  handle: string;
  runId: string;
  configId: string;
  configTitle: string;
  configSlug: string;
  configOwner: string;
  configOwnerId: string;
  configVisibility: string;
  parentConfigId: string | null;
  parentTitle: string | null;
  parentSlug: string | null;
  parentOwner: string | null;
  parentOwnerId: string | null;
  parentVisibility: string | null;
  baseRunId: string | null;
  publicScore: number;
  privateScore: number | null;
  publicLow: number | null;
  publicHigh: number | null;
  privateLow: number | null;
  privateHigh: number | null;
  sortKey: number;
  orderKey: number | null;
  submittedAt: Date;
  entries: number | null;
  ranked: boolean;
  publicRank: bigint | null;
  privateRank: bigint | null;
  /** The private best-per-user view only: its leader's private interval. */
  leaderLow?: number | null;
  leaderHigh?: number | null;
};

/** Joins that turn score rows (aliased b) into display rows. */
const DISPLAY = Prisma.sql`
  JOIN "User" u ON u."id" = b."userId"
  JOIN "Config" c ON c."id" = b."configId"
  JOIN "User" cu ON cu."id" = c."ownerId"
  LEFT JOIN "ConfigRevision" pr ON pr."id" = c."forkedFromRevisionId"
  LEFT JOIN "Config" pc ON pc."id" = pr."configId"
  LEFT JOIN "User" pcu ON pcu."id" = pc."ownerId"
  JOIN "Run" br ON br."id" = b."runId"`;
const DISPLAY_COLUMNS = Prisma.sql`
  b."userId", u."handle", b."runId", b."configId", c."title" AS "configTitle", c."slug" AS "configSlug", cu."handle" AS "configOwner",
  c."ownerId" AS "configOwnerId", c."visibility"::text AS "configVisibility", pc."id" AS "parentConfigId", pc."title" AS "parentTitle",
  pc."slug" AS "parentSlug", pcu."handle" AS "parentOwner", pc."ownerId" AS "parentOwnerId", pc."visibility"::text AS "parentVisibility",
  b."publicScore", b."privateScore", b."publicLow", b."publicHigh", b."privateLow", b."privateHigh", b."sortKey", b."submittedAt", br."baseRunId"`;

/**
 * The top rows of a board's default view (best entry per user, public scores),
 * straight from the maintained table: one index range scan. Benchmarked in bench/leaderboards.ts.
 */
export async function topEntries(
  datasetVersionId: string,
  metric: string,
  limit: number,
  offset = 0,
  db: TPrisma = getPrisma(),
) {
  return db.$queryRaw<TRawRow[]>`
    SELECT ${DISPLAY_COLUMNS}, b."sortKey" AS "orderKey", b."entries", true AS "ranked", NULL::bigint AS "publicRank", NULL::bigint AS "privateRank"
    FROM (SELECT * FROM "LeaderboardEntry" WHERE "datasetVersionId" = ${datasetVersionId} AND "metric" = ${metric}
          ORDER BY ${rankOrder()} LIMIT ${limit} OFFSET ${offset}) b
    ${DISPLAY}
    ORDER BY ${rankOrder("b")}`;
}

/** A user's place on a board's default view: one index range count. Null when they have no entry. */
export async function userRank(
  datasetVersionId: string,
  metric: string,
  userId: string,
  db: TPrisma = getPrisma(),
): Promise<number | null> {
  const rows = await db.$queryRaw<{ rank: bigint }[]>`
    SELECT 1 + (
      SELECT count(*) FROM "LeaderboardEntry" o
      WHERE o."datasetVersionId" = e."datasetVersionId" AND o."metric" = e."metric"
        AND ${rankTuple("o")} < ${rankTuple("e")}
    ) AS rank
    FROM "LeaderboardEntry" e WHERE e."datasetVersionId" = ${datasetVersionId} AND e."metric" = ${metric} AND e."userId" = ${userId}`;
  return rows[0] ? Number(rows[0].rank) : null;
}

/** Best-per-user candidates for the private board: the user's final submissions, else their best public ones. */
function privateCandidates(
  datasetVersionId: string,
  metric: string,
  competition: { id: string; finalLimit: number; metric: string } | null,
) {
  if (!competition || competition.metric !== metric) {
    return Prisma.sql`SELECT "userId", "runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ${INTERVAL_COLUMNS}, "submittedAt", "entries"
      FROM "LeaderboardEntry" WHERE "datasetVersionId" = ${datasetVersionId} AND "metric" = ${metric}`;
  }
  return Prisma.sql`
    SELECT DISTINCT ON ("userId") "userId", "runId", "configId", "publicScore", "privateScore", "sortKey", "privateSortKey", ${INTERVAL_COLUMNS}, "submittedAt", NULL::int AS "entries"
    FROM (
      SELECT s.*, row_number() OVER (PARTITION BY s."userId" ORDER BY ${rankOrder("s")}) AS pos,
        f."runId" IS NOT NULL AS chosen, bool_or(f."runId" IS NOT NULL) OVER (PARTITION BY s."userId") AS "hasChosen"
      FROM "RunScore" s LEFT JOIN "FinalSubmission" f ON f."competitionId" = ${competition.id} AND f."runId" = s."runId"
      WHERE s."datasetVersionId" = ${datasetVersionId} AND s."metric" = ${metric} AND s."ranked"
    ) x
    WHERE CASE WHEN "hasChosen" THEN chosen ELSE pos <= ${competition.finalLimit} END
    ORDER BY "userId", ${rankOrder(undefined, "privateSortKey")}`;
}

export async function listBoard(
  ctx: Pick<TBoardContext, "version" | "metric" | "competition" | "privateShown">,
  { view, side, page }: { view: "best" | "all"; side: "public" | "private"; page: number },
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  const versionId = ctx.version.id;
  const metric = ctx.metric;
  const privateSide = side === "private" && ctx.privateShown;
  const offset = (page - 1) * BOARD_PAGE_SIZE;
  // One row before the page, so the first row knows whether it ties with the last of the previous page.
  const from = Math.max(0, offset - 1);
  const take = BOARD_PAGE_SIZE + (offset > 0 ? 1 : 0);
  let rows: TRawRow[];
  let total: number;
  if (view === "best" && !privateSide) {
    const [r, count] = await Promise.all([
      topEntries(versionId, metric, take, from, db),
      db.leaderboardEntry.count({ where: { datasetVersionId: versionId, metric } }),
    ]);
    rows = r;
    total = count;
  } else if (view === "best") {
    const candidates = privateCandidates(versionId, metric, ctx.competition);
    [rows, total] = await Promise.all([
      db.$queryRaw<TRawRow[]>`
        WITH cand AS (${candidates}),
        pub AS (SELECT "userId", row_number() OVER (ORDER BY ${rankOrder()}) AS "publicRank" FROM "LeaderboardEntry"
                WHERE "datasetVersionId" = ${versionId} AND "metric" = ${metric}),
        b AS (SELECT cand.*, pub."publicRank", row_number() OVER (ORDER BY ${rankOrder("cand", "privateSortKey")}) AS "privateRank"
              FROM cand LEFT JOIN pub ON pub."userId" = cand."userId")
        SELECT ${DISPLAY_COLUMNS}, b."privateSortKey" AS "orderKey", b."entries", true AS "ranked", b."publicRank", b."privateRank",
          first_value(b."privateLow") OVER w AS "leaderLow", first_value(b."privateHigh") OVER w AS "leaderHigh"
        FROM b ${DISPLAY}
        WINDOW w AS (ORDER BY b."privateRank")
        ORDER BY b."privateRank" LIMIT ${take} OFFSET ${from}`,
      db.leaderboardEntry.count({ where: { datasetVersionId: versionId, metric } }),
    ]);
  } else {
    // Runs outside a competition's window are shown, after the ranked ones.
    const orderOf = (alias?: string) =>
      Prisma.sql`${Prisma.raw(alias ? `${alias}."ranked"` : `"ranked"`)} DESC, ${rankOrder(alias, privateSide ? "privateSortKey" : "sortKey")}`;
    [rows, total] = await Promise.all([
      db.$queryRaw<TRawRow[]>`
        SELECT ${DISPLAY_COLUMNS}, ${privateSide ? Prisma.sql`b."privateSortKey"` : Prisma.sql`b."sortKey"`} AS "orderKey", NULL::int AS "entries", b."ranked",
          NULL::bigint AS "publicRank", NULL::bigint AS "privateRank"
        FROM (SELECT * FROM "RunScore" WHERE "datasetVersionId" = ${versionId} AND "metric" = ${metric} ORDER BY ${orderOf()} LIMIT ${take} OFFSET ${from}) b
        ${DISPLAY}
        ORDER BY ${orderOf("b")}`,
      db.runScore.count({ where: { datasetVersionId: versionId, metric } }),
    ]);
  }

  const previous = offset > 0 ? rows.shift() : undefined;
  const shownInterval = (r: TRawRow) =>
    privateSide ? intervalOf(r.privateLow, r.privateHigh) : intervalOf(r.publicLow, r.publicHigh);
  const first = rows[0];
  const leader =
    first && first.leaderLow !== undefined
      ? intervalOf(first.leaderLow ?? null, first.leaderHigh ?? null)
      : offset > 0
        ? await leaderProbe(versionId, metric, privateSide, db)
        : first?.ranked
          ? shownInterval(first)
          : null;
  const parentIds = [...new Set(rows.map((r) => r.parentConfigId).filter((id): id is string => id !== null))];
  const parentBest = new Map<string, number>();
  if (parentIds.length) {
    const bests = await db.$queryRaw<{ configId: string; best: number }[]>`
      SELECT "configId", min("sortKey") AS best FROM "RunScore"
      WHERE "datasetVersionId" = ${versionId} AND "metric" = ${metric} AND "ranked" AND "configId" = ANY(${parentIds})
      GROUP BY "configId"`;
    for (const b of bests) parentBest.set(b.configId, b.best);
  }
  // A fine-tuned entry links its base run only for a viewer who may open it (lib/permissions/runs.ts).
  const baseIds = [...new Set(rows.map((r) => r.baseRunId).filter((id): id is string => id !== null))];
  const visibleBases = new Set(
    baseIds.length
      ? (
          await db.run.findMany({
            where: { id: { in: baseIds } },
            select: {
              id: true,
              userId: true,
              config: { select: { ownerId: true, visibility: true } },
              datasetVersion: { select: { dataset: { select: { ownerId: true, visibility: true } } } },
            },
          })
        )
          .filter((b) => canViewRun(viewer, b))
          .map((b) => b.id)
      : [],
  );
  // A board is a list: unlisted and private configs show as "hidden" to everyone but their owner.
  const seesConfig = (ownerId: string | null, visibility: string | null) =>
    ownerId !== null && isConfigListed(viewer, { ownerId, visibility: visibility as TVisibility });
  const items: TBoardRow[] = rows.map((r, i) => {
    const above = i > 0 ? rows[i - 1] : previous;
    const rank = r.ranked ? offset + i + 1 : null;
    const publicRank = r.publicRank === null ? null : Number(r.publicRank);
    const best = r.parentConfigId ? parentBest.get(r.parentConfigId) : undefined;
    return {
      rank,
      userId: r.userId,
      handle: r.handle,
      runId: r.runId,
      configId: r.configId,
      configTitle: seesConfig(r.configOwnerId, r.configVisibility) ? r.configTitle : null,
      configSlug: r.configSlug,
      configOwner: r.configOwner,
      parent: r.parentConfigId
        ? {
            configId: r.parentConfigId,
            title: seesConfig(r.parentOwnerId, r.parentVisibility) ? r.parentTitle : null,
            slug: r.parentSlug!,
            owner: r.parentOwner!,
          }
        : null,
      publicScore: r.publicScore,
      privateScore: ctx.privateShown ? r.privateScore : null,
      sortKey: r.sortKey,
      submittedAt: r.submittedAt,
      entries: r.entries === null ? null : Number(r.entries),
      late: !r.ranked,
      tie: Boolean(above && r.ranked && above.ranked && r.orderKey !== null && above.orderKey === r.orderKey),
      publicRank,
      shift: privateSide && view === "best" && publicRank !== null && rank !== null ? publicRank - rank : null,
      // sortKey is "lower is better" in both directions, so the gain is the parent's key minus this one's.
      forkGain: best === undefined ? null : best - r.sortKey,
      baseRunId: r.baseRunId && visibleBases.has(r.baseRunId) ? r.baseRunId : null,
      fineTuned: r.baseRunId !== null,
      publicInterval: intervalOf(r.publicLow, r.publicHigh),
      privateInterval: ctx.privateShown ? intervalOf(r.privateLow, r.privateHigh) : null,
      nearLeader: rank !== null && rank > 1 && intervalsOverlap(shownInterval(r), leader),
    };
  });
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / BOARD_PAGE_SIZE)), privateSide };
}

/**
 * The board's best score over time: every run that beat the best so far when it finished. A board is a list, so a
 * record whose config the viewer may not see listed keeps its score and author but not its run (runId null): the
 * run's page would name the config.
 */
export async function boardHistory(
  datasetVersionId: string,
  metric: string,
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  const records = await db.boardRecord.findMany({
    where: { datasetVersionId, metric },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    take: 500,
    select: {
      runId: true,
      score: true,
      at: true,
      run: { select: { user: { select: { handle: true } }, config: { select: { ownerId: true, visibility: true } } } },
    },
  });
  return records.map(({ runId, score, at, run }) => ({
    runId: isConfigListed(viewer, run.config) ? runId : null,
    score,
    at,
    run: { user: run.user },
  }));
}

/** The viewer's own ranked runs on a competition board, with which are chosen as final submissions. */
export async function myCompetitionRuns(
  competition: { id: string; datasetVersionId: string; metric: string },
  userId: string,
  db: TPrisma = getPrisma(),
) {
  const [scores, finals] = await Promise.all([
    db.runScore.findMany({
      where: { datasetVersionId: competition.datasetVersionId, metric: competition.metric, userId, ranked: true },
      orderBy: rankOrderBy(),
      take: 200,
      select: { runId: true, publicScore: true, submittedAt: true },
    }),
    db.finalSubmission.findMany({ where: { competitionId: competition.id, userId }, select: { runId: true } }),
  ]);
  const chosen = new Set(finals.map((f) => f.runId));
  return scores.map((s) => ({ ...s, chosen: chosen.has(s.runId) }));
}

/** Submissions a user has left in an active competition, counted like admitSubmission does. */
export async function submissionsLeft(
  competition: { startsAt: Date; datasetVersionId: string; dailyLimit: number; totalLimit: number },
  userId: string,
  now = new Date(),
  db: TPrisma = getPrisma(),
) {
  const [total, today] = await Promise.all([
    db.run.count({ where: countedRuns(competition, userId) }),
    db.run.count({ where: countedRuns(competition, userId, dayStart(competition, now)) }),
  ]);
  return {
    today: Math.max(0, Math.min(competition.dailyLimit - today, competition.totalLimit - total)),
    total: Math.max(0, competition.totalLimit - total),
  };
}

export const BOARDS_PAGE_SIZE = 20;

/** Boards with scored runs on public datasets, most recently active first, with each board's leader on its primary metric. */
export async function listBoards({ page = 1 }: { page?: number }, db: TPrisma = getPrisma()) {
  const where = { scoredRuns: { gt: 0 }, dataset: datasetWhere(null, "listed") };
  // Capped like every other list: `?page=Infinity` or `?page=1e40` must not become an OFFSET PostgreSQL refuses.
  const current = Math.min(10_000, Math.max(1, Math.floor(page) || 1));
  const [versions, total] = await Promise.all([
    db.datasetVersion.findMany({
      where,
      orderBy: [{ lastScoredAt: "desc" }, { id: "asc" }],
      skip: (current - 1) * BOARDS_PAGE_SIZE,
      take: BOARDS_PAGE_SIZE,
      select: {
        id: true,
        number: true,
        scoredRuns: true,
        lastScoredAt: true,
        competition: { select: { title: true, startsAt: true, endsAt: true } },
        dataset: {
          select: { slug: true, title: true, taskType: true, primaryMetric: true, owner: { select: { handle: true } } },
        },
      },
    }),
    db.datasetVersion.count({ where }),
  ]);
  // Each board's leader and entrant count on its primary metric, for the whole page in one statement.
  const boards = versions.map((v) => ({ id: v.id, metric: primaryMetric(v.dataset) }));
  const stats = boards.length
    ? await db.$queryRaw<{ versionId: string; entrants: bigint; publicScore: number | null; handle: string | null }[]>`
        SELECT b."versionId",
          (SELECT count(*) FROM "LeaderboardEntry" e WHERE e."datasetVersionId" = b."versionId" AND e."metric" = b."metric") AS entrants,
          l."publicScore", l."handle"
        FROM unnest(${boards.map((b) => b.id)}::text[], ${boards.map((b) => b.metric)}::text[]) AS b("versionId", "metric")
        LEFT JOIN LATERAL (
          SELECT e."publicScore", u."handle" FROM "LeaderboardEntry" e JOIN "User" u ON u."id" = e."userId"
          WHERE e."datasetVersionId" = b."versionId" AND e."metric" = b."metric"
          ORDER BY ${rankOrder("e")} LIMIT 1
        ) l ON true`
    : [];
  const statsBy = new Map(stats.map((s) => [s.versionId, s]));
  const items = versions.map((v, i) => {
    const metric = boards[i]!.metric;
    const s = statsBy.get(v.id);
    const leader = s?.handle ? { publicScore: s.publicScore!, user: { handle: s.handle } } : null;
    return {
      ...v,
      metric,
      direction: metricDirection(v.dataset.taskType, metric) as TDirection,
      leader,
      entrants: Number(s?.entrants ?? 0),
    };
  });
  return { items, total, page: current, pageCount: Math.max(1, Math.ceil(total / BOARDS_PAGE_SIZE)) };
}

/** Competitions on public datasets: running and upcoming first (soonest deadline first), then the latest ended. */
export async function listCompetitions(now = new Date(), db: TPrisma = getPrisma()) {
  const select = {
    id: true,
    title: true,
    startsAt: true,
    endsAt: true,
    metric: true,
    datasetVersion: {
      select: { number: true, dataset: { select: { slug: true, title: true, owner: { select: { handle: true } } } } },
    },
  } as const;
  const visible = { datasetVersion: { dataset: datasetWhere(null, "listed") } };
  const [open, ended] = await Promise.all([
    db.competition.findMany({
      where: { ...visible, endsAt: { gte: now } },
      orderBy: [{ endsAt: "asc" }, { id: "asc" }],
      take: 20,
      select,
    }),
    db.competition.findMany({
      where: { ...visible, endsAt: { lt: now } },
      orderBy: [{ endsAt: "desc" }, { id: "asc" }],
      take: 10,
      select,
    }),
  ]);
  return [...open, ...ended].map((c) => ({ ...c, phase: phaseOf(c, now) as TPhase }));
}

/** Where a run stands on its dataset version's primary board: its owner's rank when it is their best entry. */
export async function runPlacement(
  run: { id: string; userId: string; datasetVersionId: string },
  db: TPrisma = getPrisma(),
) {
  const version = await db.datasetVersion.findUnique({
    where: { id: run.datasetVersionId },
    select: { dataset: { select: { taskType: true, primaryMetric: true } }, competition: { select: { metric: true } } },
  });
  if (!version) return null;
  const metric = version.competition?.metric ?? primaryMetric(version.dataset);
  const entry = await db.leaderboardEntry.findUnique({
    where: { datasetVersionId_metric_userId: { datasetVersionId: run.datasetVersionId, metric, userId: run.userId } },
    select: { runId: true },
  });
  const rank = entry?.runId === run.id ? await userRank(run.datasetVersionId, metric, run.userId, db) : null;
  return { metric, rank };
}
