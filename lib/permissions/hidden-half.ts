import type { TViewer } from "./visibility";

/*
 * The hidden-half rule. Every dataset version's test split has a public and a private half. Until the private half
 * is revealed — by the dataset owner's reveal on a version without a competition, or by the end of the version's
 * competition — nobody but the dataset's owner sees anything of it: its rows and labels (preview, image grid,
 * download), its scores (run pages, runs lists, compare, boards, streams, exports) or anything derived from them
 * (confusion matrices, curves, residuals, predictions, final-pick hints). Aggregates that include it
 * (profiles) are computed without it.
 */
export type THalfState = {
  /** The dataset owner always sees the private half (the split stays reproducible for them). */
  datasetOwnerId: string;
  privateRevealedAt: Date | null;
  competition: { startsAt: Date; endsAt: Date } | null;
};

/** The select that loads a THalfState from a DatasetVersion row (see halfStateOf). */
export const HALF_STATE_SELECT = {
  privateRevealedAt: true,
  dataset: { select: { ownerId: true } },
  competition: { select: { startsAt: true, endsAt: true } },
} as const;

export type THalfStateRow = {
  privateRevealedAt: Date | null;
  dataset: { ownerId: string };
  competition: { startsAt: Date; endsAt: Date } | null;
};

export const halfStateOf = (v: THalfStateRow): THalfState => ({
  datasetOwnerId: v.dataset.ownerId,
  privateRevealedAt: v.privateRevealedAt,
  competition: v.competition,
});

/** Revealed to everyone: once the competition has ended, or (without one) once the owner revealed it. */
export function privateHalfRevealed(
  state: Pick<THalfState, "privateRevealedAt" | "competition">,
  now = new Date(),
): boolean {
  return state.competition ? now > state.competition.endsAt : state.privateRevealedAt !== null;
}

export function canSeePrivateHalf(viewer: TViewer, state: THalfState, now = new Date()): boolean {
  return (viewer !== null && viewer.id === state.datasetOwnerId) || privateHalfRevealed(state, now);
}

/** A run's stored metrics without the private half's part, for viewers who may not see it. */
export function redactRunMetrics<T extends { metrics: unknown }>(run: T, privateShown: boolean): T {
  if (privateShown || run.metrics === null || typeof run.metrics !== "object") return run;
  const { testPrivate: _hidden, ...rest } = run.metrics as Record<string, unknown>;
  return { ...run, metrics: { ...rest, testPrivate: null } };
}
