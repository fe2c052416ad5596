import { z } from "zod";
import { isLookupKey } from "../validation";

/** What one can follow: a user (their activity) or a dataset (its versions, board records, competitions, answers). */
export const FOLLOW_KINDS = ["user", "dataset"] as const;
export type TFollowKind = (typeof FOLLOW_KINDS)[number];

export const ZFollowTarget = z.object({
  kind: z.enum(FOLLOW_KINDS, "invalid"),
  id: z.string().min(1).max(64).refine(isLookupKey, "invalid"),
});
export type TFollowTarget = z.output<typeof ZFollowTarget>;

/**
 * Most users and datasets one account follows. The feed reads one index range per followed thing (listFollowedFeed in lib/activity/queries.ts),
 * so its cost grows with this number; GitHub and Hugging Face users rarely follow more than a few hundred.
 */
export const MAX_FOLLOWS = 1000;
