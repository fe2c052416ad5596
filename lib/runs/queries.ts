import { getPrisma, type TPrisma } from "../db";
import type { TSessionUser } from "../auth/session";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";

export const RUN_PAGE_SIZE = 25;

const runSelect = {
  id: true,
  status: true,
  seed: true,
  error: true,
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
  config: { select: { id: true, slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } } },
  datasetVersion: {
    select: { id: true, number: true, classes: true, taskType: true, dataset: { select: { slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } } } },
  },
} as const;

/** A run, visible when the viewer may see both its config and its dataset. */
export async function getRun(id: string, viewer: Pick<TSessionUser, "id"> | null, db: TPrisma = getPrisma()) {
  const run = await db.run.findUnique({ where: { id }, select: { ...runSelect, epochs: { orderBy: { epoch: "asc" } } } });
  if (!run || !canViewConfig(viewer, run.config) || !canViewDataset(viewer, run.datasetVersion.dataset)) return null;
  return run;
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
  { page = 1, status, userHandle, datasetVersionId, configId }: { page?: number; status?: string; userHandle?: string; datasetVersionId?: string; configId?: string },
  viewer: Pick<TSessionUser, "id"> | null,
  db: TPrisma = getPrisma(),
) {
  const visible = viewer
    ? { config: { OR: [{ visibility: { not: "PRIVATE" as const } }, { ownerId: viewer.id }] }, datasetVersion: { dataset: { OR: [{ visibility: { not: "PRIVATE" as const } }, { ownerId: viewer.id }] } } }
    : { config: { visibility: { not: "PRIVATE" as const } }, datasetVersion: { dataset: { visibility: { not: "PRIVATE" as const } } } };
  const where = {
    ...visible,
    ...(status && ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"].includes(status) ? { status: status as "QUEUED" } : {}),
    ...(userHandle ? { user: { handle: userHandle.toLowerCase() } } : {}),
    ...(datasetVersionId ? { datasetVersionId } : {}),
    ...(configId ? { configId } : {}),
  };
  const current = Math.max(1, Math.floor(page) || 1);
  const [items, total] = await Promise.all([
    db.run.findMany({ where, orderBy: [{ queuedAt: "desc" }, { id: "desc" }], skip: (current - 1) * RUN_PAGE_SIZE, take: RUN_PAGE_SIZE, select: runSelect }),
    db.run.count({ where }),
  ]);
  return { items, total, page: current, pageCount: Math.max(1, Math.ceil(total / RUN_PAGE_SIZE)) };
}
