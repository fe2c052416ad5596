import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TDb, type TPrisma } from "../db";
import { AppError } from "../errors";
import { consume } from "../limits";
import { parseInput } from "../validation";
import { logAction } from "./log";
import { requireModerator, withRole } from "./roles";
import { ZCloseReports, ZReportInput, type TReportTargetKind } from "./schemas";
import { loadTarget } from "./targets";

const alreadyReported = () => new AppError("CONFLICT", {}, { key: "moderation.errors.alreadyReported" });

/**
 * A user reports a post, thread, dataset, config or user. NOT_FOUND when the target does not exist or the reporter
 * may not see it (lib/moderation/targets.ts: the usual visibility rules); CONFLICT while the reporter already has an
 * open report on it (checked first, and by a partial unique index against a race); counted against the `report`
 * limit once the report is known to be new.
 */
export async function createReport(
  { actor, input }: { actor: { id: string }; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const { kind, targetId, reason, text } = parseInput(ZReportInput, input);
  const target = await loadTarget(kind, targetId, await withRole(actor, db), db);
  if (!target) throw new AppError("NOT_FOUND");
  const open = await db.report.findFirst({
    where: { reporterId: actor.id, targetKind: kind, targetId: target.id, status: "OPEN" },
    select: { id: true },
  });
  if (open) throw alreadyReported();
  await consume("report", actor.id);
  try {
    return await db.report.create({
      data: { reporterId: actor.id, targetKind: kind, targetId: target.id, reason, text },
      select: { id: true, targetKind: true, targetId: true, reason: true, status: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyReported();
    throw error;
  }
}

/** Closes a target's open reports (after an action on it, or on their own), returning how many. */
export async function closeOpenReports(
  {
    moderatorId,
    kind,
    targetId,
    status,
  }: { moderatorId: string; kind: TReportTargetKind; targetId: string; status: "RESOLVED" | "DISMISSED" },
  tx: TDb,
) {
  const { count } = await tx.report.updateMany({
    where: { targetKind: kind, targetId, status: "OPEN" },
    data: { status, resolvedById: moderatorId, resolvedAt: new Date() },
  });
  return count;
}

/** A moderator resolves or dismisses every open report on a target; logged as RESOLVE or DISMISS. */
export async function closeReports(
  { actor, input }: { actor: { id: string }; input: unknown },
  db: TPrisma = getPrisma(),
) {
  const moderator = await requireModerator(actor, db);
  const { kind, targetId, status } = parseInput(ZCloseReports, input);
  return db.$transaction(async (tx) => {
    const count = await closeOpenReports({ moderatorId: moderator.id, kind, targetId, status }, tx);
    if (count === 0) throw new AppError("NOT_FOUND");
    await logAction(
      {
        moderatorId: moderator.id,
        action: status === "RESOLVED" ? "RESOLVE" : "DISMISS",
        kind,
        targetId,
        details: { reports: count },
      },
      tx,
    );
    return { count };
  });
}
