import { getPrisma, type TPrisma } from "../db";
import { canSeePrivateHalf, halfStateOf, HALF_STATE_SELECT, redactRunMetrics } from "../permissions/hidden-half";
import { canViewRun, runWhere } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { isLookupKey } from "../validation";

export const RUN_PAGE_SIZE = 25;

const runSelect = {
  id: true,
  status: true,
  seed: true,
  error: true,
  errorValues: true,
  baseRunId: true,
  attempt: true,
  epochsTotal: true,
  epochsDone: true,
  samplesPerSec: true,
  etaSeconds: true,
  metrics: true,
  artifacts: true,
  backend: true,
  tfjsVersion: true,
  workerHost: true,
  libraryVersions: true,
  configHash: true,
  datasetHash: true,
  cancelRequested: true,
  queuedAt: true,
  startedAt: true,
  finishedAt: true,
  userId: true,
  user: { select: { handle: true } },
  configRevision: { select: { number: true, id: true } },
  config: {
    select: { id: true, slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } },
  },
  datasetVersion: {
    select: {
      id: true,
      number: true,
      classes: true,
      taskType: true,
      privateRevealedAt: true,
      competition: HALF_STATE_SELECT.competition,
      dataset: {
        select: { slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } },
      },
    },
  },
} as const;

type TRunRow = { metrics: unknown; datasetVersion: Parameters<typeof halfStateOf>[0] };

/** The run as this viewer may see it: private-half metrics only for those who may see the private half. */
export function runForViewer<T extends TRunRow>(
  run: T,
  viewer: TViewer,
  now = new Date(),
): T & { privateShown: boolean } {
  const privateShown = canSeePrivateHalf(viewer, halfStateOf(run.datasetVersion), now);
  return { ...redactRunMetrics(run, privateShown), privateShown };
}

/** A run, visible when the viewer may see both its config and its dataset (lib/permissions/runs.ts). */
export async function getRun(id: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(id)) return null;
  const run = await db.run.findUnique({
    where: { id },
    // The revision's spec too: the run page reads early stopping from it (lib/runs/early-stopping.ts).
    select: {
      ...runSelect,
      configRevision: { select: { number: true, id: true, spec: true } },
      epochs: { orderBy: { epoch: "asc" } },
    },
  });
  if (!run || !canViewRun(viewer, run)) return null;
  return { ...runForViewer(run, viewer), base: await baseRunCredit(run.baseRunId, viewer, db) };
}

/**
 * The run a fine-tuned run started from, credited with its author: a link when the viewer may see it, else only that
 * there was one (the base's config or dataset may have become private since).
 */
export async function baseRunCredit(baseRunId: string | null, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!baseRunId) return null;
  const base = await db.run.findUnique({
    where: { id: baseRunId },
    select: {
      id: true,
      user: { select: { handle: true } },
      config: {
        select: { slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } },
      },
      datasetVersion: {
        select: { number: true, dataset: { select: { slug: true, ownerId: true, visibility: true } } },
      },
    },
  });
  if (!base || !canViewRun(viewer, base)) return { visible: false as const };
  return {
    visible: true as const,
    id: base.id,
    authorHandle: base.user.handle,
    configTitle: base.config.title,
    datasetSlug: base.datasetVersion.dataset.slug,
  };
}

/** Position in the training queue (1 = next) among QUEUED runs, by submission time. */
export async function queuePosition(run: { id: string; status: string; queuedAt: Date }, db: TPrisma = getPrisma()) {
  if (run.status !== "QUEUED") return null;
  return 1 + (await db.run.count({ where: { status: "QUEUED", queuedAt: { lt: run.queuedAt } } }));
}

/** Median duration of the last 20 successful runs: the basis of a queued run's ETA. Null before any. */
export async function typicalRunSeconds(db: TPrisma = getPrisma()): Promise<number | null> {
  const rows = await db.run.findMany({
    where: { status: "SUCCEEDED", startedAt: { not: null }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: 20,
    select: { startedAt: true, finishedAt: true },
  });
  const d = rows.map((r) => (r.finishedAt!.getTime() - r.startedAt!.getTime()) / 1000).sort((a, b) => a - b);
  return d.length ? d[d.length >> 1]! : null;
}

export async function listRuns(
  {
    page = 1,
    status,
    userHandle,
    datasetVersionId,
    configId,
  }: { page?: number; status?: string; userHandle?: string; datasetVersionId?: string; configId?: string },
  viewer: TViewer,
  db: TPrisma = getPrisma(),
) {
  const where = {
    // Scoped to a dataset version or config the caller opened by link, that side is reached by link.
    ...runWhere(viewer, { dataset: datasetVersionId ? "link" : "listed", config: configId ? "link" : "listed" }),
    ...(status && ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"].includes(status)
      ? { status: status as "QUEUED" }
      : {}),
    // From the URL: `?user=a&user=b` arrives as an array; one that cannot be a handle matches nobody.
    ...(userHandle ? { user: { handle: isLookupKey(userHandle) ? userHandle.toLowerCase() : "" } } : {}),
    ...(datasetVersionId ? { datasetVersionId } : {}),
    ...(configId ? { configId } : {}),
  };
  // Capped like every other list: `?page=1e40` must not become an OFFSET past what PostgreSQL (or Prisma) accepts.
  const current = Math.min(10_000, Math.max(1, Math.floor(page) || 1));
  const [items, total] = await Promise.all([
    db.run.findMany({
      where,
      orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * RUN_PAGE_SIZE,
      take: RUN_PAGE_SIZE,
      select: runSelect,
    }),
    db.run.count({ where }),
  ]);
  const now = new Date();
  return {
    items: items.map((r) => runForViewer(r, viewer, now)),
    total,
    page: current,
    pageCount: Math.max(1, Math.ceil(total / RUN_PAGE_SIZE)),
  };
}

/** The model lineage of a config: runs (listed to the viewer) fine-tuned from any run of it, newest first. */
export async function fineTunesOfConfig(configId: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  const runs = await db.run.findMany({
    where: { AND: [runWhere(viewer, "listed"), { baseRun: { configId } }] },
    orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: {
      id: true,
      status: true,
      baseRunId: true,
      user: { select: { handle: true } },
      config: { select: { slug: true, title: true, owner: { select: { handle: true } } } },
      datasetVersion: { select: { number: true, dataset: { select: { slug: true, title: true } } } },
    },
  });
  return runs;
}
