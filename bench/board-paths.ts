/**
 * The generated boards of bench/leaderboards.ts and how traffic picks them, shared
 * with its load process (bench/http-load.ts). Board k belongs to user bench-k.
 */
export const DATASETS = 1_000;

export type TBoardPick = "popular" | "hot";

/** k in 1..DATASETS drawn log-uniformly (P(k) ∝ 1/k): as the runs were generated, so requests follow popularity. */
export const popularBoard = () => Math.min(DATASETS, Math.floor(Math.exp(Math.random() * Math.log(DATASETS + 1))));

/** "hot": one of the 10 busiest boards (everyone watching a competition's last hour). */
export const pickBoard = (pick: TBoardPick) => (pick === "hot" ? 1 + Math.floor(Math.random() * 10) : popularBoard());

export const boardPath = (k: number) => `/leaderboards/bench-${k}/board-${k}`;
