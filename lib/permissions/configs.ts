import type { TSessionUser } from "../auth/session";

type TConfigAccess = { ownerId: string; visibility: "PUBLIC" | "UNLISTED" | "PRIVATE" };

/** Same rule as datasets: public and unlisted by link; private only to the owner. */
export function canViewConfig(viewer: Pick<TSessionUser, "id"> | null, config: TConfigAccess): boolean {
  return config.visibility !== "PRIVATE" || (viewer !== null && viewer.id === config.ownerId);
}

export function canEditConfig(viewer: Pick<TSessionUser, "id"> | null, config: TConfigAccess): boolean {
  return viewer !== null && viewer.id === config.ownerId;
}
