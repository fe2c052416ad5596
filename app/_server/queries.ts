import { cache } from "react";
import { getConfig } from "@/lib/configs/queries";
import { getDataset } from "@/lib/datasets/queries";
import { getRun } from "@/lib/runs/queries";
import { getUserByHandle } from "@/lib/users/queries";

// Per-request memoised reads: a page and its generateMetadata need the same row.
export const getDatasetForRequest = cache(getDataset);
export const getConfigForRequest = cache(getConfig);
export const getRunForRequest = cache(getRun);
export const getUserForRequest = cache(getUserByHandle);
