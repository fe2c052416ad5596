import { z } from "zod";
import { isLookupKey } from "../validation";
import { ZDatasetMeta } from "../datasets/schemas";

/** Title, slug, description and visibility follow the same rules (and messages) as a dataset's. */
export const ZConfigMeta = ZDatasetMeta.pick({ title: true, slug: true, description: true, visibility: true }).extend({
  designedForVersionId: z.string().min(1).max(64).optional(),
  message: z.string().trim().max(500, "message.tooLong").default(""),
});
export type TConfigMetaInput = z.input<typeof ZConfigMeta>;

/** Which revision to fork, as an API body carries it: a revision number, or none/null for the head. */
export const ZForkRevision = z.object({ revision: z.number().int().min(1).max(2_147_483_647).nullish() });

export const CONFIG_SORTS = ["newest", "forks", "stars"] as const;
export const ZConfigListQuery = z.object({
  // .refine: a NUL byte (PostgreSQL refuses it in a parameter) drops the filter like any other bad value.
  q: z.string().trim().max(200).refine(isLookupKey).optional().catch(undefined),
  task: z.enum(["CLASSIFICATION", "REGRESSION"]).optional().catch(undefined),
  layer: z.string().trim().max(40).refine(isLookupKey).optional().catch(undefined),
  author: z.string().trim().toLowerCase().max(30).refine(isLookupKey).optional().catch(undefined),
  sort: z.enum(CONFIG_SORTS).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
