import type { TSessionUser } from "../auth/session";
import { diffMany } from "../configs/diff";
import { getPrisma, type TPrisma } from "../db";
import { boardMetrics, metricDirection, scoreOf, type TBoardMetric, type TDirection } from "../leaderboards/metrics";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";

/**
 * Side-by-side comparison of 2–6 runs: test metrics (best per row marked by the
 * metric's direction), training curves, and the config differences.
 * Runs the viewer may not see are left out, and counted, never revealed.
 */
export async function compareRuns(runIds: string[], viewer: Pick<TSessionUser, "id"> | null, db: TPrisma = getPrisma()) {
  const found = await db.run.findMany({
    where: { id: { in: runIds } },
    select: {
      id: true, status: true, seed: true, backend: true, metrics: true, queuedAt: true,
      user: { select: { handle: true } },
      config: { select: { id: true, slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } } },
      configRevision: { select: { number: true, spec: true } },
      datasetVersion: { select: { number: true, taskType: true, dataset: { select: { slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } } } } },
      epochs: { orderBy: { epoch: "asc" }, select: { epoch: true, trainLoss: true, valLoss: true, valMetric: true } },
    },
  });
  const byId = new Map(found.filter((r) => canViewConfig(viewer, r.config) && canViewDataset(viewer, r.datasetVersion.dataset)).map((r) => [r.id, r]));
  const runs = runIds.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);

  const metricRows: { metric: TBoardMetric; direction: TDirection; values: (number | null)[]; best: number | null }[] = [];
  for (const task of ["CLASSIFICATION", "REGRESSION"] as const) {
    if (!runs.some((r) => r.datasetVersion.taskType === task)) continue;
    for (const metric of boardMetrics(task)) {
      const direction = metricDirection(task, metric);
      const values = runs.map((r) => (r.datasetVersion.taskType === task ? scoreOf((r.metrics as { testPublic?: Record<string, unknown> } | null)?.testPublic, metric) : null));
      const present = values.filter((v): v is number => v !== null);
      const best = present.length > 1 ? (direction === "max" ? Math.max(...present) : Math.min(...present)) : null;
      metricRows.push({ metric, direction, values, best });
    }
  }
  const sameRevision = runs.length > 1 && runs.every((r) => r.config.id === runs[0]!.config.id && r.configRevision.number === runs[0]!.configRevision.number);
  return {
    runs,
    missing: runIds.length - runs.length,
    metricRows,
    diff: diffMany(runs.map((r) => r.configRevision.spec)),
    sameRevision,
  };
}
