import { Prisma } from "../generated/prisma/client";
import { canViewConfig, configWhere, isConfigListed } from "./configs";
import { canViewDataset, datasetSql, datasetWhere, isDatasetListed } from "./datasets";
import { canViewRun, isRunListed, runWhere } from "./runs";
import { canModerate, type TRoleViewer } from "./moderation";
import { canEdit, visibleSql, type TOwned, type TReach, type TViewer } from "./visibility";

/*
 * A thread has no visibility of its own: it is as visible as the thing it is attached to — a run (lib/permissions/
 * runs.ts), a config, a dataset (through the version it names) or a competition (through its dataset). A thread
 * attached to nothing (a general thread) is public. Opened by link where the thing opens by link (a hidden thing's
 * thread is "not found", never "forbidden"); listed in /discussions, tabs and search only where the thing is listed
 * for the viewer. Three shapes of the same rule, as for the other entities: a predicate for a loaded row, a Prisma
 * where-clause and a raw-SQL fragment; permissions.test.ts-style checks in discussions.test.ts keep them in agreement.
 */

type TRunAccess = Parameters<typeof canViewRun>[1];

/** What decides a thread's visibility: the thing it is attached to (all null: a general thread). */
export type TThreadAccess = {
  run: TRunAccess | null;
  config: TOwned | null;
  dataset: TOwned | null;
  competition: { datasetVersion: { dataset: TOwned } } | null;
};

const OWNED = { select: { ownerId: true, visibility: true } } as const;

/** The select that loads a TThreadAccess from a Thread row. */
export const THREAD_ACCESS_SELECT = {
  run: { select: { userId: true, config: OWNED, datasetVersion: { select: { dataset: OWNED } } } },
  config: OWNED,
  dataset: OWNED,
  competition: { select: { datasetVersion: { select: { dataset: OWNED } } } },
} as const;

export function canViewThread(viewer: TViewer, thread: TThreadAccess): boolean {
  if (thread.run) return canViewRun(viewer, thread.run);
  if (thread.config) return canViewConfig(viewer, thread.config);
  if (thread.dataset) return canViewDataset(viewer, thread.dataset);
  if (thread.competition) return canViewDataset(viewer, thread.competition.datasetVersion.dataset);
  return true;
}

export function isThreadListed(viewer: TViewer, thread: TThreadAccess): boolean {
  if (thread.run) return isRunListed(viewer, thread.run);
  if (thread.config) return isConfigListed(viewer, thread.config);
  if (thread.dataset) return isDatasetListed(viewer, thread.dataset);
  if (thread.competition) return isDatasetListed(viewer, thread.competition.datasetVersion.dataset);
  return true;
}

/** The where-clause form, for Thread queries (AND it with other conditions: it holds its own OR). */
export function threadWhere(viewer: TViewer, reach: TReach): Prisma.ThreadWhereInput {
  return {
    OR: [
      { runId: null, configId: null, datasetId: null, competitionId: null },
      { run: runWhere(viewer, reach) },
      { config: configWhere(viewer, reach) },
      { dataset: datasetWhere(viewer, reach) },
      { competition: { datasetVersion: { dataset: datasetWhere(viewer, reach) } } },
    ],
  };
}

/**
 * The raw-SQL form, for a "Thread" table alias. The run branch is runWhere's rule written over visibleSql: both
 * sides visible at `reach`, or (listed, signed in) the viewer's own run with both sides open by link.
 */
export function threadSql(viewer: TViewer, reach: TReach, alias = "t"): Prisma.Sql {
  const a = alias.replace(/[^A-Za-z0-9_]/g, "");
  const t = Prisma.raw(`"${a}"`);
  const [r, rc, rd, c, d, cd] = ["r", "rc", "rd", "c", "d", "cd"].map((s) => `${a}_${s}`) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const raw = (name: string) => Prisma.raw(`"${name}"`);
  const bothSides = (x: TReach) => Prisma.sql`(${visibleSql(viewer, x, rc)} AND ${datasetSql(viewer, x, rd)})`;
  const runRule =
    viewer && reach === "listed"
      ? Prisma.sql`(${bothSides("listed")} OR (${raw(r)}."userId" = ${viewer.id} AND ${bothSides("link")}))`
      : bothSides(reach);
  return Prisma.sql`(CASE
    WHEN ${t}."runId" IS NOT NULL THEN EXISTS (SELECT 1 FROM "Run" ${raw(r)}
      JOIN "Config" ${raw(rc)} ON ${raw(rc)}."id" = ${raw(r)}."configId"
      JOIN "DatasetVersion" ${raw(`${r}v`)} ON ${raw(`${r}v`)}."id" = ${raw(r)}."datasetVersionId"
      JOIN "Dataset" ${raw(rd)} ON ${raw(rd)}."id" = ${raw(`${r}v`)}."datasetId"
      WHERE ${raw(r)}."id" = ${t}."runId" AND ${runRule})
    WHEN ${t}."configId" IS NOT NULL THEN EXISTS (SELECT 1 FROM "Config" ${raw(c)}
      WHERE ${raw(c)}."id" = ${t}."configId" AND ${visibleSql(viewer, reach, c)})
    WHEN ${t}."datasetId" IS NOT NULL THEN EXISTS (SELECT 1 FROM "Dataset" ${raw(d)}
      WHERE ${raw(d)}."id" = ${t}."datasetId" AND ${datasetSql(viewer, reach, d)})
    WHEN ${t}."competitionId" IS NOT NULL THEN EXISTS (SELECT 1 FROM "Competition" ${raw(`${cd}c`)}
      JOIN "DatasetVersion" ${raw(`${cd}v`)} ON ${raw(`${cd}v`)}."id" = ${raw(`${cd}c`)}."datasetVersionId"
      JOIN "Dataset" ${raw(cd)} ON ${raw(cd)}."id" = ${raw(`${cd}v`)}."datasetId"
      WHERE ${raw(`${cd}c`)}."id" = ${t}."competitionId" AND ${datasetSql(viewer, reach, cd)})
    ELSE TRUE END)`;
}

/** Only a post's author edits or deletes it (moderators join here when roles exist). */
export function canEditPost(viewer: TViewer, post: { authorId: string | null }): boolean {
  return post.authorId !== null && canEdit(viewer, { ownerId: post.authorId });
}

/**
 * The asker accepts (or takes back) an answer to their question; so may a moderator (an abandoned question). The
 * viewer's role must have been read fresh (lib/moderation/roles.ts): without it, only the asker.
 */
export function canAcceptAnswer(viewer: TRoleViewer, thread: { authorId: string; kind: string }): boolean {
  return thread.kind === "QUESTION" && (canEdit(viewer, { ownerId: thread.authorId }) || canModerate(viewer));
}

/** The thread's author locks and unlocks it; so does a moderator (lib/moderation/mutations.ts, logged). */
export function canLockThread(viewer: TRoleViewer, thread: { authorId: string }): boolean {
  return canEdit(viewer, { ownerId: thread.authorId }) || canModerate(viewer);
}
