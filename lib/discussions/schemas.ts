import { z } from "zod";
import { ZTags } from "../datasets/schemas";
import { isLookupKey } from "../validation";
import { BODY_MAX_BYTES, BODY_MAX_CHARS, TAGS_MAX, TITLE_MAX, TITLE_MIN } from "./sizes";

/*
 * Input of the discussion mutations and the index's query string. Messages are catalogue keys under "validation."
 * (lib/i18n/messages/*.json, "discussion.*").
 */

/** Code points in `s`, counting no further than `max + 1`. */
function codePoints(s: string, max: number): number {
  let n = 0;
  for (const _ of s) if (++n > max) break;
  return n;
}

const noNul = (s: string) => !s.includes("\u0000");

export const ZThreadTitle = z
  .string("discussion.titleTooShort")
  .trim()
  .min(TITLE_MIN, "discussion.titleTooShort")
  .max(TITLE_MAX, "discussion.titleTooLong")
  .refine(noNul, "invalid");

export const ZPostBody = z
  .string("discussion.bodyRequired")
  .refine((s) => s.trim().length > 0, "discussion.bodyRequired")
  .refine((s) => codePoints(s, BODY_MAX_CHARS) <= BODY_MAX_CHARS, "discussion.bodyTooLong")
  .refine((s) => Buffer.byteLength(s, "utf8") <= BODY_MAX_BYTES, "discussion.bodyTooLarge")
  .refine(noNul, "invalid");

/** Tags as the datasets' rule has them ("a, b" or ["a", "b"]; lower-case, letters, digits, - and _), at most five. */
export const ZThreadTags = z
  .preprocess(
    (v) => (Array.isArray(v) ? v.map(String).join(",") : (v ?? "")),
    z
      .string("invalid")
      // Counted on the separators ZTags splits on, so that 6–10 tags get this message rather than ZTags' "10".
      .refine(
        (s) =>
          new Set(
            s
              .toLowerCase()
              .split(/[,，\s]+/)
              .filter(Boolean),
          ).size <= TAGS_MAX,
        "discussion.tagsTooMany",
      )
      // ZTags' message for a bad tag, reported on "tags" itself (not "tags.2"), where a form shows it.
      .transform((s, ctx) => {
        const tags = ZTags.safeParse(s);
        if (tags.success) return tags.data;
        ctx.addIssue({ code: "custom", message: tags.error.issues[0]?.message ?? "invalid" });
        return z.NEVER;
      }),
  )
  .default([]);

const ZId = z.string().min(1).max(100).refine(isLookupKey, "invalid");
const ZOptionalId = z
  .union([ZId, z.null()])
  .optional()
  .transform((v) => v ?? undefined);

export const THREAD_KINDS = ["DISCUSSION", "QUESTION"] as const;

/** A new thread and its opening post; attached to at most one thing (none: a general thread). */
export const ZThreadInput = z
  .object({
    kind: z.enum(THREAD_KINDS, "discussion.kindInvalid").default("DISCUSSION"),
    title: ZThreadTitle,
    body: ZPostBody,
    tags: ZThreadTags,
    runId: ZOptionalId,
    configId: ZOptionalId,
    datasetVersionId: ZOptionalId,
    competitionId: ZOptionalId,
  })
  .refine(
    (t) => [t.runId, t.configId, t.datasetVersionId, t.competitionId].filter(Boolean).length <= 1,
    "discussion.oneSubject",
  );
export type TThreadInput = z.input<typeof ZThreadInput>;

export const ZReplyInput = z.object({ body: ZPostBody, parentId: ZOptionalId });

/** An answer; an experiment names a config revision and/or a run of it. */
export const ZAnswerInput = z.object({ body: ZPostBody, configRevisionId: ZOptionalId, runId: ZOptionalId });

/** A new body, and a new title for an opening post. */
export const ZEditInput = z.object({ body: ZPostBody, title: ZThreadTitle.optional() });

export const ZAcceptInput = z.object({ postId: ZId });

/** A SYSTEM post's event: a catalogue-key-shaped type and the values its message is filled with. */
export const ZSystemEvent = z.object({
  type: z.string().regex(/^[a-z][a-zA-Z]*(\.[a-zA-Z]+)*$/),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type TSystemEvent = z.input<typeof ZSystemEvent>;

export const THREAD_SORTS = ["active", "new", "top"] as const;
const flag = z
  .union([z.boolean(), z.enum(["1", "true", "yes", "on"]).transform(() => true)])
  .optional()
  .catch(undefined);
const idParam = z.string().trim().max(100).refine(isLookupKey).optional().catch(undefined);

/** The index's query string (and the typed filters of tabs): bad values drop the filter, never fail the page. */
export const ZThreadListQuery = z.object({
  q: z.string().trim().max(200).refine(isLookupKey).optional().catch(undefined),
  kind: z.enum(THREAD_KINDS).optional().catch(undefined),
  /** Questions without an accepted answer. */
  unanswered: flag,
  /** Threads the viewer started. */
  mine: flag,
  tag: z.string().trim().toLowerCase().max(30).refine(isLookupKey).optional().catch(undefined),
  /** Threads about a dataset in any way: on one of its versions, on a run on it, on a competition on it. */
  dataset: idParam,
  /** Threads attached to exactly this thing. */
  run: idParam,
  config: idParam,
  /** Attached to the dataset itself (any of its versions): the dataset page's Discussion tab. */
  onDataset: idParam,
  competition: idParam,
  /** About one dataset version: attached to it, or to the competition on it (a board's Discussion section). */
  version: idParam,
  sort: z.enum(THREAD_SORTS).default("active").catch("active"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type TThreadListQuery = z.input<typeof ZThreadListQuery>;
