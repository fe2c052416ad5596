import { cache } from "react";
import { getConfig } from "@/lib/configs/queries";
import { getDataset } from "@/lib/datasets/queries";
import { getRun } from "@/lib/runs/queries";
import { getBoardContext } from "@/lib/leaderboards/queries";
import { getUserByHandle } from "@/lib/users/queries";

// Per-request memoised reads: a page and its generateMetadata need the same row.
export const getDatasetForRequest = cache(getDataset);
export const getConfigForRequest = cache(getConfig);
export const getRunForRequest = cache(getRun);
export const getUserForRequest = cache(getUserByHandle);

/** The board a page shows; positional, primitive arguments so React's per-request cache can key on them. */
export const getBoardForRequest = cache(
  (owner: string, slug: string, version: number | undefined, metric: string | undefined, viewerId: string | null) =>
    getBoardContext({ owner, slug, version, metric }, viewerId ? { id: viewerId } : null),
);
