import type { Prisma } from "../generated/prisma/client";
import {
  canEdit,
  canFollow,
  canOpen,
  isListed,
  visibleWhere,
  type TOwned,
  type TReach,
  type TViewer,
} from "./visibility";

/** Configs follow the one rule in visibility.ts. */
export function canViewConfig(viewer: TViewer, config: TOwned): boolean {
  return canOpen(viewer, config);
}

export function isConfigListed(viewer: TViewer, config: TOwned): boolean {
  return isListed(viewer, config);
}

export function canEditConfig(viewer: TViewer, config: { ownerId: string }): boolean {
  return canEdit(viewer, config);
}

export function configWhere(viewer: TViewer, reach: TReach): Prisma.ConfigWhereInput {
  return visibleWhere(viewer, reach);
}

/** "Forked from" and lineage edges between two configs (see canFollow). */
export function canFollowConfig(viewer: TViewer, from: TOwned, to: TOwned): boolean {
  return canFollow(viewer, from, to);
}
