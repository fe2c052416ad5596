import { z } from "zod";
import { isLookupKey } from "../validation";
import { MODERATION_REASON_MAX, REPORT_TEXT_MAX } from "./sizes";

/*
 * Input of the moderation functions. Messages are catalogue keys under "validation." ("moderation.*").
 */

const noNul = (s: string) => !s.includes("\u0000");
const ZId = z.string("invalid").min(1, "invalid").max(100, "invalid").refine(isLookupKey, "invalid");

const ZReportTargetKind = z.enum(["POST", "THREAD", "DATASET", "CONFIG", "USER"], "invalid");
export type TReportTargetKind = z.infer<typeof ZReportTargetKind>;

const ZReportReason = z.enum(["SPAM", "ABUSE", "OFF_TOPIC", "LEAK", "OTHER"], "moderation.reasonRequired");
export type TReportReason = z.infer<typeof ZReportReason>;

/** Optional text: trimmed, empty means none. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string("invalid")
    .trim()
    .max(max, tooLong)
    .refine(noNul, "invalid")
    .optional()
    .transform((s) => (s ? s : null));

export const ZReportInput = z.object({
  kind: ZReportTargetKind,
  targetId: ZId,
  reason: ZReportReason,
  text: optionalText(REPORT_TEXT_MAX, "moderation.reportTextTooLong"),
});

/** A moderator's reason (hide, suspend): required, shown to the author or the suspended user. */
const ZModerationReason = z
  .string("moderation.reasonTextRequired")
  .trim()
  .min(1, "moderation.reasonTextRequired")
  .max(MODERATION_REASON_MAX, "moderation.reasonTextTooLong")
  .refine(noNul, "invalid");

export const ZHideInput = z.object({ kind: z.enum(["POST", "THREAD"], "invalid"), id: ZId, reason: ZModerationReason });

/** A suspension's end: a date (yyyy-mm-dd, the end of that day in UTC) in the future, or empty for "until lifted". */
export const ZSuspendInput = z.object({
  userId: ZId,
  reason: ZModerationReason,
  until: z
    .string("invalid")
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return null;
      const date = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T23:59:59.999Z`) : new Date(Number.NaN);
      if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
        ctx.addIssue({ code: "custom", message: "moderation.untilInvalid" });
        return z.NEVER;
      }
      return date;
    }),
});

/** A thread marked as a duplicate of another: the original by id or by its /discussions/<id> link. */
export const ZDuplicateInput = z.object({
  threadId: ZId,
  original: z
    .string("moderation.originalRequired")
    .trim()
    .min(1, "moderation.originalRequired")
    .max(500, "moderation.originalInvalid")
    .transform((s) => s.match(/\/discussions\/([A-Za-z0-9_-]+)/)?.[1] ?? s)
    .refine((s) => /^[A-Za-z0-9_-]{1,100}$/.test(s), "moderation.originalInvalid"),
});

export const ZCloseReports = z.object({
  kind: ZReportTargetKind,
  targetId: ZId,
  status: z.enum(["RESOLVED", "DISMISSED"], "invalid"),
});

export const ZRoleInput = z.object({
  handle: z
    .string("moderation.handleRequired")
    .trim()
    .toLowerCase()
    .transform((s) => s.replace(/^@/, ""))
    .pipe(z.string().min(1, "moderation.handleRequired").max(30, "moderation.handleUnknown").refine(noNul, "invalid")),
  role: z.enum(["USER", "MODERATOR", "ADMIN"], "invalid"),
});

export const ZPageQuery = z.coerce.number().int().min(1).max(10_000).catch(1);
