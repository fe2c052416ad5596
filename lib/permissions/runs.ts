import type { Prisma } from "../generated/prisma/client";
import { canViewConfig, configWhere, isConfigListed } from "./configs";
import { canViewDataset, datasetWhere, isDatasetListed } from "./datasets";
import type { TOwned, TReach, TViewer } from "./visibility";

type TRunAccess = { userId?: string; config: TOwned; datasetVersion: { dataset: TOwned } };

/**
 * A run has no visibility of its own: it is as visible as the stricter of its config and its dataset.
 * Listed (runs lists, a dataset's or config's runs tab, profiles) only where both are listed to the viewer — a run
 * on an unlisted dataset never shows in a public list — except that a signed-in user's own runs are listed to them
 * wherever they can open both.
 */
export function canViewRun(viewer: TViewer, run: TRunAccess): boolean {
  return canViewConfig(viewer, run.config) && canViewDataset(viewer, run.datasetVersion.dataset);
}

export function isRunListed(viewer: TViewer, run: TRunAccess): boolean {
  if (viewer !== null && run.userId === viewer.id) return canViewRun(viewer, run);
  return isConfigListed(viewer, run.config) && isDatasetListed(viewer, run.datasetVersion.dataset);
}

/**
 * `reach` may differ per side: the runs tab of an unlisted dataset, opened by its link, lists the dataset's runs
 * (dataset reached by link) whose configs are listed.
 */
export function runWhere(viewer: TViewer, reach: TReach | { config: TReach; dataset: TReach }): Prisma.RunWhereInput {
  const r = typeof reach === "string" ? { config: reach, dataset: reach } : reach;
  const where = (c: TReach, d: TReach): Prisma.RunWhereInput => ({
    config: configWhere(viewer, c),
    datasetVersion: { dataset: datasetWhere(viewer, d) },
  });
  if (viewer === null || (r.config === "link" && r.dataset === "link")) return where(r.config, r.dataset);
  return { OR: [where(r.config, r.dataset), { AND: [{ userId: viewer.id }, where("link", "link")] }] };
}
