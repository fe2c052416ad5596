import { z } from "zod";
import { getPrisma, type TPrisma } from "../db";
import { followListWhere, listFollowers, listFollowing } from "../follows/queries";
import { primaryMetric, type TBoardMetric } from "../leaderboards/metrics";
import { rankTuple } from "../leaderboards/ranking";
import { configWhere } from "../permissions/configs";
import { datasetWhere } from "../permissions/datasets";
import { threadWhere } from "../permissions/discussions";
import { HALF_STATE_SELECT } from "../permissions/hidden-half";
import { runWhere } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { runForViewer } from "../runs/queries";

/*
 * What a profile lists of its user, as one viewer may see it: every list goes through the entity's "listed"
 * where-clause (lib/permissions), so a visitor never sees the user's private or unlisted things, and the user sees
 * their own. Boards are only those whose dataset is listed to the viewer, and only their public scores.
 */

export const PROFILE_PAGE_SIZE = 20;
export const PROFILE_TABS = [
  "activity",
  "datasets",
  "configs",
  "runs",
  "questions",
  "answers",
  "followers",
  "following",
] as const;
export type TProfileTab = (typeof PROFILE_TABS)[number];

export const ZProfileQuery = z.object({
  tab: z.enum(PROFILE_TABS).default("activity").catch("activity"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
  cursor: z.string().max(200).optional().catch(undefined),
});

const paged = <T>(items: T[], total: number, page: number) => ({
  items,
  total,
  page,
  pageCount: Math.max(1, Math.ceil(total / PROFILE_PAGE_SIZE)),
});
const pageWindow = (page: number) => ({ skip: (page - 1) * PROFILE_PAGE_SIZE, take: PROFILE_PAGE_SIZE });

/** The where-clauses of each tab: shared by its list and its count, so the two never disagree. */
function tabWhere(userId: string, viewer: TViewer) {
  // AND: each permission clause may hold its own OR.
  const visibleThread = { AND: [{ deletedAt: null, hiddenAt: null }, threadWhere(viewer, "listed")] };
  return {
    datasets: { AND: [{ ownerId: userId }, datasetWhere(viewer, "listed")] },
    configs: { AND: [{ ownerId: userId }, configWhere(viewer, "listed")] },
    runs: { AND: [{ userId }, runWhere(viewer, "listed")] },
    questions: { AND: [{ authorId: userId, kind: "QUESTION" as const }, visibleThread] },
    answers: { authorId: userId, kind: "ANSWER" as const, deletedAt: null, hiddenAt: null, thread: visibleThread },
  };
}

/** How many of each the viewer may see: the tabs' labels. */
export async function profileCounts(userId: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  const w = tabWhere(userId, viewer);
  const f = followListWhere(userId, viewer);
  const [datasets, configs, runs, questions, answers, followers, following] = await Promise.all([
    db.dataset.count({ where: w.datasets }),
    db.config.count({ where: w.configs }),
    db.run.count({ where: w.runs }),
    db.thread.count({ where: w.questions }),
    db.post.count({ where: w.answers }),
    db.follow.count({ where: f.followers }),
    db.follow.count({ where: f.following }),
  ]);
  return { datasets, configs, runs, questions, answers, followers, following };
}

/** The followers tab: people who follow the user. */
export async function profileFollowers(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const { items, total } = await listFollowers(userId, viewer, pageWindow(page), db);
  return paged(items, total, page);
}

/** The following tab: people and listed datasets the user follows. */
export async function profileFollowing(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const { items, total } = await listFollowing(userId, viewer, pageWindow(page), db);
  return paged(items, total, page);
}

export async function profileDatasets(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const where = tabWhere(userId, viewer).datasets;
  const [items, total] = await Promise.all([
    db.dataset.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: {
        id: true,
        slug: true,
        title: true,
        visibility: true,
        taskType: true,
        starCount: true,
        runCount: true,
        updatedAt: true,
        owner: { select: { handle: true } },
      },
    }),
    db.dataset.count({ where }),
  ]);
  return paged(items, total, page);
}

export async function profileConfigs(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const where = tabWhere(userId, viewer).configs;
  const [items, total] = await Promise.all([
    db.config.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: {
        id: true,
        slug: true,
        title: true,
        visibility: true,
        taskType: true,
        forkCount: true,
        revisionCount: true,
        updatedAt: true,
        owner: { select: { handle: true } },
      },
    }),
    db.config.count({ where }),
  ]);
  return paged(items, total, page);
}

export async function profileRuns(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const where = tabWhere(userId, viewer).runs;
  const [rows, total] = await Promise.all([
    db.run.findMany({
      where,
      orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: {
        id: true,
        status: true,
        queuedAt: true,
        metrics: true,
        configRevision: { select: { number: true } },
        config: { select: { title: true } },
        datasetVersion: {
          select: {
            ...HALF_STATE_SELECT,
            number: true,
            dataset: { select: { ownerId: true, title: true, taskType: true, primaryMetric: true } },
          },
        },
      },
    }),
    db.run.count({ where }),
  ]);
  // Metrics as this viewer may see them: the private half only for who may see it (lib/permissions/hidden-half.ts).
  const now = new Date();
  return paged(
    rows.map((r) => runForViewer(r, viewer, now)),
    total,
    page,
  );
}

export async function profileQuestions(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const where = tabWhere(userId, viewer).questions;
  const [items, total] = await Promise.all([
    db.thread.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: { id: true, title: true, replyCount: true, voteCount: true, acceptedPostId: true, createdAt: true },
    }),
    db.thread.count({ where }),
  ]);
  return paged(items, total, page);
}

export async function profileAnswers(userId: string, viewer: TViewer, page = 1, db: TPrisma = getPrisma()) {
  const where = tabWhere(userId, viewer).answers;
  const [rows, total] = await Promise.all([
    db.post.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: {
        id: true,
        voteCount: true,
        createdAt: true,
        thread: { select: { id: true, title: true, acceptedPostId: true } },
      },
    }),
    db.post.count({ where }),
  ]);
  const items = rows.map(({ thread, ...p }) => ({
    ...p,
    thread: { id: thread.id, title: thread.title },
    accepted: thread.acceptedPostId === p.id,
  }));
  return paged(items, total, page);
}

export type TPlacement = {
  datasetVersionId: string;
  version: number;
  metric: TBoardMetric;
  publicScore: number;
  rank: number;
  entrants: number;
  competition: string | null;
  dataset: { slug: string; title: string; owner: string };
};

/**
 * The user's best places on boards the viewer may list: each board's primary metric (the competition's, or the
 * dataset's), ranked by its public score as the board ranks it (lib/leaderboards/ranking.ts), best rank first.
 */
export async function bestPlacements(
  userId: string,
  viewer: TViewer,
  limit = 5,
  db: TPrisma = getPrisma(),
): Promise<TPlacement[]> {
  const entries = await db.leaderboardEntry.findMany({
    where: { userId, datasetVersion: { dataset: datasetWhere(viewer, "listed") } },
    orderBy: [{ updatedAt: "desc" }, { datasetVersionId: "asc" }, { metric: "asc" }],
    // A bound on the work for someone on very many boards: their most recently improved ones.
    take: 500,
    select: {
      datasetVersionId: true,
      metric: true,
      publicScore: true,
      datasetVersion: {
        select: {
          number: true,
          competition: { select: { metric: true, title: true } },
          dataset: {
            select: {
              slug: true,
              title: true,
              taskType: true,
              primaryMetric: true,
              owner: { select: { handle: true } },
            },
          },
        },
      },
    },
  });
  const primary = entries.filter(
    (e) => e.metric === (e.datasetVersion.competition?.metric ?? primaryMetric(e.datasetVersion.dataset)),
  );
  if (!primary.length) return [];
  const ranks = await db.$queryRaw<{ versionId: string; rank: bigint; entrants: bigint }[]>`
    SELECT b."versionId",
      1 + (SELECT count(*) FROM "LeaderboardEntry" o
           WHERE o."datasetVersionId" = e."datasetVersionId" AND o."metric" = e."metric" AND ${rankTuple("o")} < ${rankTuple("e")}) AS rank,
      (SELECT count(*) FROM "LeaderboardEntry" o WHERE o."datasetVersionId" = e."datasetVersionId" AND o."metric" = e."metric") AS entrants
    FROM unnest(${primary.map((e) => e.datasetVersionId)}::text[], ${primary.map((e) => e.metric)}::text[]) AS b("versionId", "metric")
    JOIN "LeaderboardEntry" e ON e."datasetVersionId" = b."versionId" AND e."metric" = b."metric" AND e."userId" = ${userId}`;
  const rankBy = new Map(ranks.map((r) => [r.versionId, r]));
  return primary
    .flatMap((e) => {
      const r = rankBy.get(e.datasetVersionId);
      if (!r) return [];
      const { number, competition, dataset } = e.datasetVersion;
      return [
        {
          datasetVersionId: e.datasetVersionId,
          version: number,
          metric: e.metric as TBoardMetric,
          publicScore: e.publicScore,
          rank: Number(r.rank),
          entrants: Number(r.entrants),
          competition: competition?.title ?? null,
          dataset: { slug: dataset.slug, title: dataset.title, owner: dataset.owner.handle },
        },
      ];
    })
    .sort((a, b) => a.rank - b.rank || b.entrants - a.entrants || a.datasetVersionId.localeCompare(b.datasetVersionId))
    .slice(0, limit);
}
