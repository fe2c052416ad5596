import type { Prisma } from "../generated/prisma/client";
import type { TDb } from "../db";
import type { TReportTargetKind } from "./schemas";

type TModerationActionKind =
  | "HIDE"
  | "UNHIDE"
  | "LOCK"
  | "UNLOCK"
  | "PIN"
  | "UNPIN"
  | "MARK_DUPLICATE"
  | "UNMARK_DUPLICATE"
  | "SUSPEND"
  | "UNSUSPEND"
  | "RESOLVE"
  | "DISMISS"
  | "SET_ROLE";

/** One audit-log row; always called with the transaction of the action it records, so neither exists alone. */
export async function logAction(
  entry: {
    moderatorId: string;
    action: TModerationActionKind;
    kind: TReportTargetKind;
    targetId: string;
    reason?: string | null;
    details?: Prisma.InputJsonObject;
  },
  tx: TDb,
) {
  await tx.moderationAction.create({
    data: {
      moderatorId: entry.moderatorId,
      action: entry.action,
      targetKind: entry.kind,
      targetId: entry.targetId,
      reason: entry.reason ?? null,
      ...(entry.details ? { details: entry.details } : {}),
    },
  });
}
