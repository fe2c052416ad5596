import { diffMany } from "../configs/diff";
import { getPrisma, type TPrisma } from "../db";
import { boardMetrics, metricDirection, scoreOf, type TBoardMetric, type TDirection } from "../leaderboards/metrics";
import { HALF_STATE_SELECT } from "../permissions/hidden-half";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { runForViewer } from "./queries";

/**
 * Side-by-side comparison of 2–6 runs: test metrics (best per row marked by the
 * metric's direction), training curves, and the config differences.
 * Runs the viewer may not see are left out, and counted, never revealed.
 */
export async function compareRuns(runIds: string[], viewer: TViewer, db: TPrisma = getPrisma()) {
  const found = await db.run.findMany({
    where: { id: { in: runIds } },
    select: {
      id: true,
      status: true,
      seed: true,
      backend: true,
      baseRunId: true,
      metrics: true,
      queuedAt: true,
      user: { select: { handle: true } },
      config: {
        select: {
          id: true,
          slug: true,
          title: true,
          ownerId: true,
          visibility: true,
          owner: { select: { handle: true } },
        },
      },
      configRevision: { select: { number: true, spec: true } },
      datasetVersion: {
        select: {
          number: true,
          taskType: true,
          privateRevealedAt: true,
          competition: HALF_STATE_SELECT.competition,
          dataset: {
            select: { slug: true, title: true, ownerId: true, visibility: true, owner: { select: { handle: true } } },
          },
        },
      },
      epochs: { orderBy: { epoch: "asc" }, select: { epoch: true, trainLoss: true, valLoss: true, valMetric: true } },
    },
  });
  const now = new Date();
  const byId = new Map(found.filter((r) => canViewRun(viewer, r)).map((r) => [r.id, runForViewer(r, viewer, now)]));
  const runs = runIds.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);

  const metricRows: { metric: TBoardMetric; direction: TDirection; values: (number | null)[]; best: number | null }[] =
    [];
  for (const task of ["CLASSIFICATION", "REGRESSION"] as const) {
    if (!runs.some((r) => r.datasetVersion.taskType === task)) continue;
    for (const metric of boardMetrics(task)) {
      const direction = metricDirection(task, metric);
      const values = runs.map((r) =>
        r.datasetVersion.taskType === task
          ? scoreOf((r.metrics as { testPublic?: Record<string, unknown> } | null)?.testPublic, metric)
          : null,
      );
      const present = values.filter((v): v is number => v !== null);
      const best = present.length > 1 ? (direction === "max" ? Math.max(...present) : Math.min(...present)) : null;
      metricRows.push({ metric, direction, values, best });
    }
  }
  const sameRevision =
    runs.length > 1 &&
    runs.every((r) => r.config.id === runs[0]!.config.id && r.configRevision.number === runs[0]!.configRevision.number);
  return {
    runs,
    missing: runIds.length - runs.length,
    metricRows,
    diff: diffMany(runs.map((r) => r.configRevision.spec)),
    sameRevision,
  };
}
