import type { TSessionUser } from "../auth/session";
import { competitionOpenedActivity } from "../activity/hooks";
import { getPrisma, type TDb, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canEditDataset, canViewDataset } from "../permissions/datasets";
import { parseInput } from "../validation";
import { isBoardMetric } from "./metrics";
import { rebuildBoards } from "./record";
import { ZCompetitionInput } from "./schemas";

export type TPhase = "upcoming" | "active" | "ended";
type TCompetitionTimes = { startsAt: Date; endsAt: Date };

export function phaseOf(competition: TCompetitionTimes, now = new Date()): TPhase {
  return now < competition.startsAt ? "upcoming" : now > competition.endsAt ? "ended" : "active";
}

/** A competition's day is the UTC day (as on Kaggle); the first day starts at the competition's start. */
export function dayStart(competition: { startsAt: Date }, now: Date): Date {
  return new Date(
    Math.max(competition.startsAt.getTime(), Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
  );
}

/** The runs that count against a competition's limits: cancelled ones and those the platform failed do not. */
export function countedRuns(
  competition: { datasetVersionId: string; startsAt: Date },
  userId: string,
  since = competition.startsAt,
) {
  return {
    userId,
    datasetVersionId: competition.datasetVersionId,
    queuedAt: { gte: since },
    NOT: [{ status: "CANCELED" as const }, { status: "FAILED" as const, error: "runErrors.infrastructure" }],
  };
}

/**
 * Checks a submission against the version's competition, inside the caller's
 * transaction (which holds the user's submission lock). Cancelled runs and runs
 * the platform failed do not count. After the deadline submissions are allowed
 * and shown "after deadline", unranked.
 */
export async function admitSubmission(
  { userId, datasetVersionId, now = new Date() }: { userId: string; datasetVersionId: string; now?: Date },
  db: TDb,
) {
  const competition = await db.competition.findUnique({ where: { datasetVersionId } });
  if (!competition) return;
  const phase = phaseOf(competition, now);
  if (phase === "upcoming")
    throw new AppError(
      "CONFLICT",
      { run: "competition.notStarted" },
      { values: { startsAt: competition.startsAt.toISOString() } },
    );
  if (phase === "ended") return;
  const total = await db.run.count({ where: countedRuns(competition, userId) });
  if (total >= competition.totalLimit)
    throw new AppError(
      "RATE_LIMITED",
      { run: "competition.totalLimit" },
      { values: { limit: competition.totalLimit } },
    );
  const today = await db.run.count({ where: countedRuns(competition, userId, dayStart(competition, now)) });
  if (today >= competition.dailyLimit)
    throw new AppError(
      "RATE_LIMITED",
      { run: "competition.dailyLimit" },
      { values: { limit: competition.dailyLimit } },
    );
}

async function ownedVersion(actor: TSessionUser, datasetVersionId: string, db: TPrisma) {
  const version = await db.datasetVersion.findUnique({
    where: { id: datasetVersionId },
    select: {
      id: true,
      taskType: true,
      privateFirstRevealedAt: true,
      dataset: { select: { ownerId: true, visibility: true } },
      competition: true,
    },
  });
  if (!version || !canViewDataset(actor, version.dataset)) throw new AppError("NOT_FOUND");
  if (!canEditDataset(actor, version.dataset)) throw new AppError("FORBIDDEN");
  return version;
}

/**
 * Opens a competition on a dataset version (owner only, one per version). Runs
 * already on the version's boards that fall outside the window stop being ranked.
 */
export async function createCompetition(
  {
    actor,
    datasetVersionId,
    input,
    now = new Date(),
  }: { actor: TSessionUser; datasetVersionId: string; input: Record<string, string>; now?: Date },
  db: TPrisma = getPrisma(),
) {
  const version = await ownedVersion(actor, datasetVersionId, db);
  const data = parseInput(ZCompetitionInput, input);
  if (!isBoardMetric(version.taskType, data.metric)) throw new AppError("INVALID_INPUT", { metric: "metric.invalid" });
  if (data.endsAt <= now) throw new AppError("INVALID_INPUT", { endsAt: "endsAt.past" });
  if (version.competition) throw new AppError("CONFLICT", { form: "competition.exists" });
  // Its private half was public once (lib/permissions/hidden-half.ts): its scores and rows may be anywhere by now.
  if (version.privateFirstRevealedAt) throw new AppError("CONFLICT", { form: "competition.revealedBefore" });
  return db.$transaction(async (tx) => {
    const competition = await tx.competition.create({ data: { ...data, datasetVersionId, createdById: actor.id } });
    await rebuildBoards(datasetVersionId, competition, tx);
    await competitionOpenedActivity(competition, tx);
    return competition;
  });
}

/** Owner's switch for a board without a competition: show or hide the private half's scores. */
export async function setPrivateRevealed(
  { actor, datasetVersionId, revealed }: { actor: TSessionUser; datasetVersionId: string; revealed: boolean },
  db: TPrisma = getPrisma(),
) {
  const version = await ownedVersion(actor, datasetVersionId, db);
  if (version.competition) throw new AppError("CONFLICT", { form: "competition.revealsItself" });
  const now = new Date();
  await db.datasetVersion.update({
    where: { id: datasetVersionId },
    data: revealed
      ? { privateRevealedAt: now, privateFirstRevealedAt: version.privateFirstRevealedAt ?? now }
      : { privateRevealedAt: null },
  });
}

/**
 * A participant's final submissions for the private board: up to the
 * competition's limit, chosen among their own ranked runs, until the deadline.
 * An empty choice means "my best public ones".
 */
export async function setFinalSubmissions(
  {
    actor,
    competitionId,
    runIds,
    now = new Date(),
  }: { actor: TSessionUser; competitionId: string; runIds: string[]; now?: Date },
  db: TPrisma = getPrisma(),
) {
  const competition = await db.competition.findUnique({
    where: { id: competitionId },
    include: { datasetVersion: { select: { dataset: { select: { ownerId: true, visibility: true } } } } },
  });
  if (!competition || !canViewDataset(actor, competition.datasetVersion.dataset)) throw new AppError("NOT_FOUND");
  if (phaseOf(competition, now) === "ended") throw new AppError("CONFLICT", { finals: "competition.finalsClosed" });
  const chosen = [...new Set(runIds)];
  if (chosen.length > competition.finalLimit)
    throw new AppError(
      "INVALID_INPUT",
      { finals: "competition.tooManyFinals" },
      { values: { limit: competition.finalLimit } },
    );
  const eligible = await db.runScore.findMany({
    where: {
      runId: { in: chosen },
      userId: actor.id,
      datasetVersionId: competition.datasetVersionId,
      metric: competition.metric,
      ranked: true,
    },
    select: { runId: true },
  });
  if (eligible.length !== chosen.length)
    throw new AppError("INVALID_INPUT", { finals: "competition.finalNotEligible" });
  await db.$transaction([
    db.finalSubmission.deleteMany({ where: { competitionId, userId: actor.id } }),
    db.finalSubmission.createMany({ data: chosen.map((runId) => ({ competitionId, runId, userId: actor.id })) }),
  ]);
}
