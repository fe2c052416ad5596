import type { TDb } from "../db";
import { measuredChange, type TAskerRun } from "../discussions/measured";
import { primaryMetric } from "../leaderboards/metrics";
import { HALF_STATE_SELECT } from "../permissions/hidden-half";
import { applyReputation, type TReputationOp } from "./ledger";

/*
 * One call per event that moves reputation, each made inside the event's own transaction by the domain code that
 * writes the event (votes, acceptances, stars, forks, run results). They only say what happened; the rules
 * (lib/reputation/rules.ts) and the ledger (ledger.ts) decide what it is worth and make repeats harmless.
 */

/** An up-vote cast (`voted`) or taken back on a post: its author earns or loses. */
export async function voteReputation(
  { voterId, post, voted }: { voterId: string; post: { id: string; authorId: string | null }; voted: boolean },
  db: TDb,
) {
  if (!post.authorId) return;
  await applyReputation(
    [
      {
        op: voted ? "award" : "revoke",
        rule: "upvote",
        earnerId: post.authorId,
        sourceUserId: voterId,
        subject: `${post.id}:${voterId}`,
        refs: { postId: post.id },
      },
    ],
    db,
  );
}

/** A dataset starred or unstarred: its owner earns or loses. */
export async function starReputation(
  { userId, dataset, starred }: { userId: string; dataset: { id: string; ownerId: string }; starred: boolean },
  db: TDb,
) {
  await applyReputation(
    [
      {
        op: starred ? "award" : "revoke",
        rule: "star",
        earnerId: dataset.ownerId,
        sourceUserId: userId,
        subject: `${dataset.id}:${userId}`,
        refs: { datasetId: dataset.id },
      },
    ],
    db,
  );
}

/** A config forked: the parent's owner earns (nothing when they forked their own). */
export async function forkReputation(
  { forkerId, forkId, parent }: { forkerId: string; forkId: string; parent: { id: string; ownerId: string } },
  db: TDb,
) {
  await applyReputation(
    [
      {
        op: "award",
        rule: "fork",
        earnerId: parent.ownerId,
        sourceUserId: forkerId,
        subject: forkId,
        refs: { configId: parent.id },
      },
    ],
    db,
  );
}

const ASKER_RUN_SELECT = {
  id: true,
  status: true,
  datasetVersionId: true,
  metrics: true,
  datasetVersion: {
    select: {
      ...HALF_STATE_SELECT,
      dataset: { select: { ownerId: true, taskType: true, primaryMetric: true } },
    },
  },
} as const;

/**
 * Brings a question's answer reputation in line with its accepted answer: the accepted one's author holds the
 * acceptance (and the verified fix while its run beats the asker's, lib/discussions/measured.ts), every other answer's
 * author holds neither. Settling by state rather than by change makes it right after an accept, an unaccept, a switch
 * to another answer, a retry, and a run that finishes after the acceptance. Locks the thread row: two settlements of
 * one question run one after the other.
 */
export async function settleAnswerReputation(threadId: string, db: TDb, now = new Date()) {
  const [locked] = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Thread" WHERE "id" = ${threadId} AND "kind" = 'QUESTION' FOR UPDATE`;
  if (!locked) return;
  const thread = await db.thread.findUniqueOrThrow({
    where: { id: threadId },
    select: {
      authorId: true,
      acceptedPostId: true,
      run: { select: ASKER_RUN_SELECT },
      posts: { where: { kind: "ANSWER" }, select: { id: true, authorId: true } },
    },
  });
  const answers = thread.posts.filter((p): p is { id: string; authorId: string } => p.authorId !== null);
  const accepted = answers.find((p) => p.id === thread.acceptedPostId) ?? null;
  const op = (kind: TReputationOp["op"], rule: "accept" | "verifiedFix", post: { id: string; authorId: string }) => ({
    op: kind,
    rule,
    earnerId: post.authorId,
    sourceUserId: thread.authorId,
    subject: post.id,
    refs: { postId: post.id },
  });
  const ops: TReputationOp[] = answers
    .filter((p) => p !== accepted)
    .flatMap((p) => [op("revoke", "accept", p), op("revoke", "verifiedFix", p)]);
  if (accepted) {
    ops.push(op("award", "accept", accepted));
    ops.push(op((await isVerifiedFix(thread.run, accepted.id, db, now)) ? "award" : "revoke", "verifiedFix", accepted));
  }
  await applyReputation(ops, db, now);
}

async function isVerifiedFix(askerRun: TAskerRun | null, postId: string, db: TDb, now: Date): Promise<boolean> {
  if (!askerRun) return false;
  const post = await db.post.findUnique({
    where: { id: postId },
    select: { run: { select: { id: true, status: true, datasetVersionId: true, metrics: true } } },
  });
  // The public half only (viewer null): what anyone can check, never the hidden private scores.
  return post?.run ? Boolean(measuredChange(askerRun, post.run, null, now)?.improved) : false;
}

/**
 * A run's scores were just recorded on its dataset version's boards (lib/leaderboards/record.ts): an accepted answer
 * that links it (or the question about it) may now be a verified fix, and a run of a fork may have beaten its parent.
 */
export async function runResultReputation(
  run: { id: string; configId: string; datasetVersionId: string; ranked: boolean },
  scores: { metric: string; sortKey: number }[],
  db: TDb,
  now = new Date(),
) {
  const threads = await db.thread.findMany({
    where: {
      kind: "QUESTION",
      acceptedPostId: { not: null },
      OR: [{ runId: run.id }, { acceptedPost: { runId: run.id } }],
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  for (const t of threads) await settleAnswerReputation(t.id, db, now);
  if (run.ranked) await forkBeatReputation(run, scores, db, now);
  await fineTunedReputation(run.id, db, now);
}

/** A fine-tuned run succeeded: its base run's author earns, once per base run and member (not for their own). */
async function fineTunedReputation(runId: string, db: TDb, now: Date) {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { userId: true, baseRun: { select: { id: true, userId: true } } },
  });
  if (!run?.baseRun || run.baseRun.userId === run.userId) return;
  await applyReputation(
    [
      {
        op: "award",
        rule: "fineTuned",
        earnerId: run.baseRun.userId,
        sourceUserId: run.userId,
        subject: `${run.baseRun.id}:${run.userId}`,
        refs: { runId: run.baseRun.id },
      },
    ],
    db,
    now,
  );
}

/**
 * A ranked run of a fork whose public score on the board's primary metric beats the best of the parent config on the
 * same board: +20 to the fork's author, +5 to the parent's, once per fork and board. Public datasets only — a board
 * nobody else can see proves nothing to anyone.
 */
async function forkBeatReputation(
  run: { id: string; configId: string; datasetVersionId: string },
  scores: { metric: string; sortKey: number }[],
  db: TDb,
  now: Date,
) {
  const fork = await db.config.findUnique({
    where: { id: run.configId },
    select: { id: true, ownerId: true, forkedFrom: { select: { config: { select: { id: true, ownerId: true } } } } },
  });
  const parent = fork?.forkedFrom?.config;
  if (!fork || !parent || parent.ownerId === fork.ownerId) return;
  const version = await db.datasetVersion.findUnique({
    where: { id: run.datasetVersionId },
    select: {
      competition: { select: { metric: true } },
      dataset: { select: { visibility: true, taskType: true, primaryMetric: true } },
    },
  });
  if (!version || version.dataset.visibility !== "PUBLIC") return;
  const metric = version.competition?.metric ?? primaryMetric(version.dataset);
  const score = scores.find((s) => s.metric === metric);
  if (!score) return;
  const { _min } = await db.runScore.aggregate({
    _min: { sortKey: true },
    where: { datasetVersionId: run.datasetVersionId, metric, configId: parent.id, ranked: true },
  });
  // Ascending sort keys are best-first (lib/leaderboards/metrics.ts sortKeyOf): strictly lower beats.
  if (_min.sortKey === null || score.sortKey >= _min.sortKey) return;
  const subject = `${fork.id}:${run.datasetVersionId}:${metric}`;
  await applyReputation(
    [
      {
        op: "award",
        rule: "forkBeat",
        earnerId: fork.ownerId,
        sourceUserId: parent.ownerId,
        subject,
        refs: { configId: fork.id, runId: run.id },
      },
      {
        op: "award",
        rule: "forkBeatCredit",
        earnerId: parent.ownerId,
        sourceUserId: fork.ownerId,
        subject,
        refs: { configId: parent.id, runId: run.id },
      },
    ],
    db,
    now,
  );
}
