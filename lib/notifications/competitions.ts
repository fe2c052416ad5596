import { getPrisma, type TPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { canViewDataset } from "../permissions/datasets";
import { notify, publishNotifications } from "./notify";
import type { TNotificationType, TNotifyEvent } from "./schemas";
import { watchersOf } from "./watch";

/*
 * A competition starts, ends and reveals its private board by the clock, not by anyone's write, so a sweep (called by
 * the worker's periodic reconciler, lib/runs/reconcile.ts) announces each transition once: it claims a
 * CompetitionNotice row (competition, transition) and writes the notifications in the same transaction, so a second
 * sweeper — another worker process — finds the claim and posts nothing. The private half is revealed when the
 * competition ends (lib/permissions/hidden-half.ts), so "ended" and "revealed" fall due together; they stay two
 * types, each with its own switch in the settings.
 *
 * Who hears: those who entered — anyone with a run on the competition's dataset version (cancelled ones aside) — and
 * whoever watches the dataset (its owner by default), as long as they can see the dataset; a MUTE on it silences them.
 */

const BATCH = 50;

const TRANSITIONS: { kind: string; type: TNotificationType; column: "startsAt" | "endsAt" }[] = [
  { kind: "started", type: "competitionStarted", column: "startsAt" },
  { kind: "ended", type: "competitionEnded", column: "endsAt" },
  { kind: "revealed", type: "competitionRevealed", column: "endsAt" },
];

async function announce(competitionId: string, transition: (typeof TRANSITIONS)[number], now: Date, db: TPrisma) {
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      INSERT INTO "CompetitionNotice" ("competitionId", "kind", "postedAt") VALUES (${competitionId}, ${transition.kind}, ${now})
      ON CONFLICT DO NOTHING`;
    if (claimed !== 1) return null;
    const competition = await tx.competition.findUniqueOrThrow({
      where: { id: competitionId },
      select: {
        datasetVersionId: true,
        endsAt: true,
        datasetVersion: { select: { dataset: { select: { id: true, ownerId: true, visibility: true } } } },
      },
    });
    // A start the sweep only sees after the end (the worker was down throughout) is claimed but not announced.
    if (transition.kind === "started" && now > competition.endsAt) return { recipients: [] };
    const { dataset } = competition.datasetVersion;
    const entrants = await tx.run.findMany({
      where: { datasetVersionId: competition.datasetVersionId, status: { not: "CANCELED" } },
      distinct: ["userId"],
      select: { userId: true },
    });
    const recipients = new Set([
      ...entrants.map((r) => r.userId),
      dataset.ownerId,
      ...(await watchersOf({ kind: "dataset", id: dataset.id }, tx)),
    ]);
    const events: TNotifyEvent[] = [...recipients]
      .filter((userId) => canViewDataset({ id: userId }, dataset))
      .map((recipientId) => ({
        recipientId,
        type: transition.type,
        actorId: null,
        groupKey: `competition:${competitionId}:${transition.kind}`,
        competitionId,
        datasetId: dataset.id,
        mutedBy: [{ kind: "dataset", id: dataset.id }],
      }));
    return { recipients: await notify(events, tx) };
  });
}

/**
 * Announces every competition transition that is due at `now` and not announced yet (at most 50 competitions per
 * transition per call; the next sweep takes the rest). Returns how many transitions it claimed.
 */
export async function competitionNotifications(now: Date = new Date(), db: TPrisma = getPrisma()): Promise<number> {
  let claimed = 0;
  const recipients: string[] = [];
  for (const transition of TRANSITIONS) {
    // Started: startsAt has passed; ended and revealed: endsAt has passed (phaseOf in lib/leaderboards/competitions.ts).
    const due = transition.column === "startsAt" ? Prisma.sql`c."startsAt" <= ${now}` : Prisma.sql`c."endsAt" < ${now}`;
    const pending = await db.$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Competition" c
      WHERE ${due} AND NOT EXISTS (
        SELECT 1 FROM "CompetitionNotice" n WHERE n."competitionId" = c."id" AND n."kind" = ${transition.kind})
      ORDER BY c.${Prisma.raw(`"${transition.column}"`)}
      LIMIT ${BATCH}`;
    for (const { id } of pending) {
      const result = await announce(id, transition, now, db);
      if (result) {
        claimed++;
        recipients.push(...result.recipients);
      }
    }
  }
  await publishNotifications(recipients);
  return claimed;
}
