import { getPrisma, type TPrisma } from "../db";
import { metricDirection, primaryMetric, scoreOf, type TBoardMetric, type TDirection } from "../leaderboards/metrics";
import { rankOrderBy } from "../leaderboards/ranking";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { isLookupKey } from "../validation";
import { parseReferences, type TReference } from "./text";

/*
 * References in posts (`run:…`, `config:…`, `dataset:…`, `diff:…`, `board:…`) resolved into card data for one
 * viewer, under the visibility rules. What the viewer may not see — or what does not exist; the two are one answer —
 * is { available: false } with nothing but the text the author typed: no title, status or score. Scores are of the
 * public test half only (the hidden half never shows on a card), curves are training loss.
 */

type TUnavailable = { type: TReference["type"]; raw: string; available: false };
type TScore = { metric: TBoardMetric; direction: TDirection; value: number | null };

export type TReferenceCard =
  | TUnavailable
  | {
      type: "run";
      raw: string;
      available: true;
      id: string;
      status: string;
      config: { owner: string; slug: string; title: string; revision: number };
      dataset: { owner: string; slug: string; title: string; version: number };
      score: TScore;
      /** Training loss per epoch (at most 50 points, evenly picked), for a mini-curve. */
      curve: number[];
      href: string;
    }
  | {
      type: "config";
      raw: string;
      available: true;
      owner: string;
      slug: string;
      title: string;
      revision: number;
      revisionCount: number;
      href: string;
    }
  | {
      type: "dataset";
      raw: string;
      available: true;
      owner: string;
      slug: string;
      title: string;
      version: number;
      rows: number;
      taskType: string;
      href: string;
    }
  | {
      type: "diff";
      raw: string;
      available: true;
      owner: string;
      slug: string;
      title: string;
      a: number;
      b: number;
      href: string;
    }
  | {
      type: "board";
      raw: string;
      available: true;
      owner: string;
      slug: string;
      title: string;
      version: number;
      /** The best public score on the board's primary metric, null before any scored run. */
      best: TScore;
      entries: number;
      href: string;
    };

const OWNED = { ownerId: true, visibility: true } as const;
const CURVE_POINTS = 50;

const pick = (values: number[], n: number) =>
  values.length <= n
    ? values
    : Array.from({ length: n }, (_, i) => values[Math.round((i * (values.length - 1)) / (n - 1))]!);

async function configByName(owner: string, slug: string, db: TPrisma) {
  if (!isLookupKey(owner, slug)) return null;
  return db.config.findFirst({
    where: { slug, owner: { handle: owner } },
    select: { ...OWNED, id: true, slug: true, title: true, revisionCount: true, owner: { select: { handle: true } } },
  });
}

async function datasetByName(owner: string, slug: string, db: TPrisma) {
  if (!isLookupKey(owner, slug)) return null;
  return db.dataset.findFirst({
    where: { slug, owner: { handle: owner } },
    select: {
      ...OWNED,
      id: true,
      slug: true,
      title: true,
      taskType: true,
      primaryMetric: true,
      owner: { select: { handle: true } },
      versions: { orderBy: { number: "desc" }, select: { id: true, number: true, rowCount: true } },
    },
  });
}

async function resolveOne(ref: TReference, viewer: TViewer, db: TPrisma): Promise<TReferenceCard> {
  const unavailable: TUnavailable = { type: ref.type, raw: ref.raw, available: false };
  switch (ref.type) {
    case "run": {
      if (!isLookupKey(ref.id)) return unavailable;
      const run = await db.run.findUnique({
        where: { id: ref.id },
        select: {
          id: true,
          userId: true,
          status: true,
          metrics: true,
          configRevision: { select: { number: true } },
          config: { select: { ...OWNED, slug: true, title: true, owner: { select: { handle: true } } } },
          datasetVersion: {
            select: {
              number: true,
              dataset: {
                select: {
                  ...OWNED,
                  slug: true,
                  title: true,
                  taskType: true,
                  primaryMetric: true,
                  owner: { select: { handle: true } },
                },
              },
            },
          },
          epochs: { orderBy: { epoch: "asc" }, select: { trainLoss: true } },
        },
      });
      if (!run || !canViewRun(viewer, run)) return unavailable;
      const { config, datasetVersion: v } = run;
      const metric = primaryMetric(v.dataset);
      const testPublic = (run.metrics as { testPublic?: Record<string, unknown> } | null)?.testPublic;
      return {
        type: "run",
        raw: ref.raw,
        available: true,
        id: run.id,
        status: run.status,
        config: {
          owner: config.owner.handle,
          slug: config.slug,
          title: config.title,
          revision: run.configRevision.number,
        },
        dataset: { owner: v.dataset.owner.handle, slug: v.dataset.slug, title: v.dataset.title, version: v.number },
        score: { metric, direction: metricDirection(v.dataset.taskType, metric), value: scoreOf(testPublic, metric) },
        curve: pick(
          run.epochs.map((e) => e.trainLoss),
          CURVE_POINTS,
        ),
        href: `/runs/${run.id}`,
      };
    }
    case "config":
    case "diff": {
      const config = await configByName(ref.owner, ref.slug, db);
      if (!config || !canViewConfig(viewer, config)) return unavailable;
      const exists = (n: number) => Number.isInteger(n) && n >= 1 && n <= config.revisionCount;
      const base = {
        raw: ref.raw,
        available: true as const,
        owner: config.owner.handle,
        slug: config.slug,
        title: config.title,
      };
      const href = `/configs/${config.owner.handle}/${config.slug}`;
      if (ref.type === "diff") {
        if (!exists(ref.a) || !exists(ref.b)) return unavailable;
        return { type: "diff", ...base, a: ref.a, b: ref.b, href: `${href}/diff?a=${ref.a}&b=${ref.b}` };
      }
      const revision = ref.revision ?? config.revisionCount;
      if (!exists(revision)) return unavailable;
      return { type: "config", ...base, revision, revisionCount: config.revisionCount, href: `${href}?r=${revision}` };
    }
    case "dataset":
    case "board": {
      const dataset = await datasetByName(ref.owner, ref.slug, db);
      if (!dataset || !canViewDataset(viewer, dataset) || !dataset.versions.length) return unavailable;
      const wanted = ref.type === "dataset" && ref.version !== null ? ref.version : dataset.versions[0]!.number;
      const version = dataset.versions.find((v) => v.number === wanted);
      if (!version) return unavailable;
      const owner = dataset.owner.handle;
      const base = { raw: ref.raw, available: true as const, owner, slug: dataset.slug, title: dataset.title };
      if (ref.type === "dataset")
        return {
          type: "dataset",
          ...base,
          version: version.number,
          rows: version.rowCount,
          taskType: dataset.taskType,
          href: `/datasets/${owner}/${dataset.slug}?v=${version.number}`,
        };
      const metric = primaryMetric(dataset);
      // Best entries per user, public scores: the board's default view (lib/leaderboards/queries.ts topEntries).
      const [top, entries] = await Promise.all([
        db.leaderboardEntry.findFirst({
          where: { datasetVersionId: version.id, metric },
          orderBy: rankOrderBy(),
          select: { publicScore: true },
        }),
        db.leaderboardEntry.count({ where: { datasetVersionId: version.id, metric } }),
      ]);
      return {
        type: "board",
        ...base,
        version: version.number,
        best: { metric, direction: metricDirection(dataset.taskType, metric), value: top?.publicScore ?? null },
        entries,
        href: `/leaderboards/${owner}/${dataset.slug}`,
      };
    }
  }
}

/** The references of a post's markdown (or already parsed ones), resolved for this viewer, in order. */
export async function resolveReferences(
  source: string | TReference[],
  viewer: TViewer,
  db: TPrisma = getPrisma(),
): Promise<TReferenceCard[]> {
  const refs = typeof source === "string" ? parseReferences(source) : source;
  return Promise.all(refs.map((ref) => resolveOne(ref, viewer, db)));
}
