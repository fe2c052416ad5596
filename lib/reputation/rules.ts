import type { ReputationReason } from "../generated/prisma/client";

/*
 * What earns reputation and how much. Everything here is given for something another person did or measured: no
 * action on your own things counts (self-votes are refused anyway, self-stars and self-forks are not), a new
 * account's endorsements do not count, and one person can give another only so much a day, so two accounts cannot
 * farm each other. The amounts are the whole policy; lib/reputation/ledger.ts applies them.
 */

/** An up-vote on one of your posts (an opening post, an answer, a reply): the everyday unit. */
export const UPVOTE_POINTS = 10;
/** The asker accepted your answer: more than a vote, since a question has one accepted answer at most. */
export const ANSWER_ACCEPTED_POINTS = 15;
/**
 * Your accepted answer's run measurably beat the asker's (lib/discussions/measured.ts): worth the most, since it is a
 * result on held-out data, not an opinion. Given on top of the acceptance.
 */
export const VERIFIED_FIX_POINTS = 25;
/** Someone starred your dataset. */
export const DATASET_STARRED_POINTS = 5;
/** Someone else forked your config. */
export const CONFIG_FORKED_POINTS = 5;
/** A run of your fork beat the parent config's best public score on a board (once per fork and board). */
export const FORK_BEAT_PARENT_POINTS = 20;
/** The parent's author, for the same event: less, the improvement was someone else's. */
export const FORK_BEAT_PARENT_CREDIT_POINTS = 5;
/** Someone else trained a model on top of yours (a succeeded run fine-tuned from your run; once per run and member). */
export const MODEL_FINE_TUNED_POINTS = 10;

/**
 * The most points one person's actions may give one other person in a UTC day, across every reason. High enough that
 * one accepted verified fix (15 + 25) counts whole, low enough that a pair of accounts gains little a day by voting,
 * starring and accepting each other. Points taken back do not free room under it (a vote taken back and cast again
 * counts twice against the cap), so toggling cannot pump it either.
 */
export const DAILY_CAP_PER_SOURCE = 40;

type TRule = {
  points: number;
  award: ReputationReason;
  /** The reason of the row that takes an award back; null: never taken back (a fork stays a fork). */
  revoke: ReputationReason | null;
  /**
   * Whether the action of an account younger than NEW_ACCOUNT_MS (lib/limits: the posting limit's "new account")
   * counts. Endorsements (votes, stars, forks) cost a fresh account nothing, so they do not; an acceptance
   * is a newcomer asking a real question, and a fork beating its parent is a measured result, so they do.
   */
  fromNewAccounts: boolean;
};

export const REPUTATION_RULES = {
  upvote: { points: UPVOTE_POINTS, award: "UPVOTE_RECEIVED", revoke: "UPVOTE_REMOVED", fromNewAccounts: false },
  accept: {
    points: ANSWER_ACCEPTED_POINTS,
    award: "ANSWER_ACCEPTED",
    revoke: "ANSWER_UNACCEPTED",
    fromNewAccounts: true,
  },
  verifiedFix: {
    points: VERIFIED_FIX_POINTS,
    award: "VERIFIED_FIX",
    revoke: "VERIFIED_FIX_REVOKED",
    fromNewAccounts: true,
  },
  star: {
    points: DATASET_STARRED_POINTS,
    award: "DATASET_STARRED",
    revoke: "DATASET_UNSTARRED",
    fromNewAccounts: false,
  },
  fork: { points: CONFIG_FORKED_POINTS, award: "CONFIG_FORKED", revoke: null, fromNewAccounts: false },
  forkBeat: { points: FORK_BEAT_PARENT_POINTS, award: "FORK_BEAT_PARENT", revoke: null, fromNewAccounts: true },
  forkBeatCredit: {
    points: FORK_BEAT_PARENT_CREDIT_POINTS,
    award: "FORK_BEAT_PARENT_CREDIT",
    revoke: null,
    fromNewAccounts: true,
  },
  fineTuned: { points: MODEL_FINE_TUNED_POINTS, award: "MODEL_FINE_TUNED", revoke: null, fromNewAccounts: false },
} as const satisfies Record<string, TRule>;

export type TRuleName = keyof typeof REPUTATION_RULES;

/** How the profile groups reasons: each award with its taking back, the two fork-beat credits together. */
export const REPUTATION_GROUPS = {
  votes: ["UPVOTE_RECEIVED", "UPVOTE_REMOVED"],
  accepted: ["ANSWER_ACCEPTED", "ANSWER_UNACCEPTED"],
  verifiedFixes: ["VERIFIED_FIX", "VERIFIED_FIX_REVOKED"],
  stars: ["DATASET_STARRED", "DATASET_UNSTARRED"],
  forks: ["CONFIG_FORKED"],
  forkBeats: ["FORK_BEAT_PARENT", "FORK_BEAT_PARENT_CREDIT"],
  fineTunes: ["MODEL_FINE_TUNED"],
} as const satisfies Record<string, readonly ReputationReason[]>;

export type TReputationGroup = keyof typeof REPUTATION_GROUPS;
