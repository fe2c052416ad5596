import type { getDataset, getVersion } from "@/lib/datasets/queries";

export type TDatasetView = NonNullable<Awaited<ReturnType<typeof getDataset>>>;
export type TVersionView = NonNullable<Awaited<ReturnType<typeof getVersion>>>;
export type { TSplitCounts } from "@/lib/datasets/split";
