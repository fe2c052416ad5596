import type { Prisma } from "../generated/prisma/client";
import {
  canEdit,
  canOpen,
  isListed,
  visibleSql,
  visibleWhere,
  type TOwned,
  type TReach,
  type TViewer,
} from "./visibility";

/** Datasets follow the one rule in visibility.ts. */
export function canViewDataset(viewer: TViewer, dataset: TOwned): boolean {
  return canOpen(viewer, dataset);
}

export function isDatasetListed(viewer: TViewer, dataset: TOwned): boolean {
  return isListed(viewer, dataset);
}

export function canEditDataset(viewer: TViewer, dataset: { ownerId: string }): boolean {
  return canEdit(viewer, dataset);
}

export function datasetWhere(viewer: TViewer, reach: TReach): Prisma.DatasetWhereInput {
  return visibleWhere(viewer, reach);
}

/** For raw SQL over "Dataset" under the given alias. */
export const datasetSql = (viewer: TViewer, reach: TReach, alias = "d") => visibleSql(viewer, reach, alias);
