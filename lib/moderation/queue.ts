import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";
import { requireModerator } from "./roles";
import type { TReportReason, TReportTargetKind } from "./schemas";
import { loadTarget, type TTarget } from "./targets";

const QUEUE_PAGE_SIZE = 20;
const LOG_PAGE_SIZE = 50;
/** Report texts shown per target (the newest). */
const TEXTS_PER_TARGET = 5;

type TQueueItem = {
  kind: TReportTargetKind;
  targetId: string;
  /** null: gone since it was reported, or not visible to the moderator either (a private thing stays its owner's). */
  target: TTarget | null;
  count: number;
  latestAt: Date;
  reasons: { reason: TReportReason; count: number }[];
  reports: { id: string; reason: TReportReason; text: string | null; reporter: string; createdAt: Date }[];
};

/**
 * /moderation: open reports grouped by target, the most recently reported first, with counts per reason and the
 * newest texts. Moderators only (NOT_FOUND for others). Targets are shown as the moderator may see them.
 */
export async function listReportQueue(viewer: { id: string } | null, page: number, db: TPrisma = getPrisma()) {
  const moderator = await requireModerator(viewer, db);
  const offset = (page - 1) * QUEUE_PAGE_SIZE;
  const [groups, [counted]] = await Promise.all([
    db.$queryRaw<{ kind: TReportTargetKind; targetId: string; n: bigint; latest: Date }[]>`
      SELECT "targetKind" AS kind, "targetId", count(*) AS n, max("createdAt") AS latest
      FROM "Report" WHERE "status" = 'OPEN'
      GROUP BY "targetKind", "targetId"
      ORDER BY latest DESC, "targetKind", "targetId"
      LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${offset}`,
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT 1 FROM "Report" WHERE "status" = 'OPEN'
      GROUP BY "targetKind", "targetId") g`,
  ]);
  const reports = groups.length
    ? await db.report.findMany({
        where: {
          status: "OPEN",
          OR: groups.map((g) => ({ targetKind: g.kind, targetId: g.targetId })),
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          id: true,
          targetKind: true,
          targetId: true,
          reason: true,
          text: true,
          createdAt: true,
          reporter: { select: { handle: true } },
        },
      })
    : [];
  const items: TQueueItem[] = await Promise.all(
    groups.map(async (g) => {
      const mine = reports.filter((r) => r.targetKind === g.kind && r.targetId === g.targetId);
      const byReason = new Map<TReportReason, number>();
      for (const r of mine) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
      return {
        kind: g.kind,
        targetId: g.targetId,
        target: await loadTarget(g.kind, g.targetId, moderator, db),
        count: Number(g.n),
        latestAt: g.latest,
        reasons: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
        reports: mine.slice(0, TEXTS_PER_TARGET).map((r) => ({
          id: r.id,
          reason: r.reason,
          text: r.text,
          reporter: r.reporter.handle,
          createdAt: r.createdAt,
        })),
      };
    }),
  );
  const total = Number(counted?.n ?? 0);
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) };
}

/** /moderation/log: every moderator action, newest first (moderators only; NOT_FOUND for others). */
export async function listActions(viewer: { id: string } | null, page: number, db: TPrisma = getPrisma()) {
  await requireModerator(viewer, db);
  const [total, rows] = await Promise.all([
    db.moderationAction.count(),
    db.moderationAction.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * LOG_PAGE_SIZE,
      take: LOG_PAGE_SIZE,
      select: {
        id: true,
        action: true,
        targetKind: true,
        targetId: true,
        reason: true,
        details: true,
        createdAt: true,
        moderator: { select: { handle: true } },
      },
    }),
  ]);
  return {
    items: rows.map((r) => ({ ...r, details: detailsOf(r.details) })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / LOG_PAGE_SIZE)),
  };
}

/** The stored details as flat strings for display (role, until, originalId, reports). */
function detailsOf(details: Prisma.JsonValue): Record<string, string> {
  if (!details || typeof details !== "object" || Array.isArray(details)) return {};
  return Object.fromEntries(
    Object.entries(details).flatMap(([k, v]) => (v === null || v === undefined ? [] : [[k, String(v)]])),
  );
}
