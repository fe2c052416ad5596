import type { TSessionUser } from "../auth/session";

type TDatasetAccess = { ownerId: string; visibility: "PUBLIC" | "UNLISTED" | "PRIVATE" };

/** Public and unlisted datasets are readable by anyone with the link; private ones by their owner. */
export function canViewDataset(viewer: Pick<TSessionUser, "id"> | null, dataset: TDatasetAccess): boolean {
  return dataset.visibility !== "PRIVATE" || (viewer !== null && viewer.id === dataset.ownerId);
}

export function canEditDataset(viewer: Pick<TSessionUser, "id"> | null, dataset: TDatasetAccess): boolean {
  return viewer !== null && viewer.id === dataset.ownerId;
}
