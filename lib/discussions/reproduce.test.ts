import { afterAll, describe, expect, it } from "vitest";
import { failure } from "../factories/failure";
import type { TSessionUser } from "../auth/session";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createRunQuestion, createThreadFrom } from "../factories/discussions";
import { createScoredRun, createTrainingRun } from "../factories/runs";
import { closeTrainingQueue, getTrainingQueue } from "../queue/training";
import { cancelRun } from "../runs/mutations";
import { reconcileRuns } from "../runs/reconcile";
import { answer, deletePost, setThreadLocked } from "./mutations";
import { reproduceRun } from "./reproduce";
import { recordReproductionOutcome, REPRODUCTION_TOLERANCE, toleranceFor } from "./reproduction-outcome";

// No worker listens on this prefix: reproductions stay queued until a test finishes them through the hooks.
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "ty-test"}-reproduce-${process.pid}`;
const queued: { runId: string; actor: TSessionUser }[] = [];

afterAll(async () => {
  // Cancel what is still queued, so no other test file's reconciler trains it.
  for (const { runId, actor } of queued) await cancelRun({ actor, runId }).catch(() => {});
  await getTrainingQueue()
    .obliterate({ force: true })
    .catch(() => {});
  await closeTrainingQueue();
});

async function reproduce(actor: TSessionUser, threadId: string, runId?: string) {
  const result = await reproduceRun({ actor, threadId, runId });
  queued.push({ runId: result.runId, actor });
  return result;
}

/** The thread's SYSTEM events, oldest first. */
async function eventsOf(threadId: string) {
  const posts = await getPrisma().post.findMany({
    where: { threadId, kind: "SYSTEM" },
    orderBy: { createdAt: "asc" },
    select: { event: true, authorId: true, body: true },
  });
  return posts.map((p) => p.event as { type: string; values: Record<string, unknown> });
}

/** What reproduceRun may have written, to show that a refusal wrote nothing. */
async function footprint(threadId: string, actorId: string) {
  const db = getPrisma();
  return {
    runs: await db.run.count({ where: { userId: actorId } }),
    reproductions: await db.reproduction.count({ where: { OR: [{ threadId }, { requesterId: actorId }] } }),
    posts: await db.post.count({ where: { threadId } }),
  };
}

/** Finishes a queued reproduction the way the worker's success transaction does: result, then the hook, together. */
async function succeed(runId: string, publicScores: Record<string, number>, privateScores: Record<string, number>) {
  return getPrisma().$transaction(async (tx) => {
    await tx.run.update({
      where: { id: runId },
      data: {
        status: "SUCCEEDED",
        attempt: 1,
        finishedAt: new Date(),
        metrics: { testPublic: { n: 10, ...publicScores }, testPrivate: { n: 10, ...privateScores }, validation: null },
      },
    });
    return recordReproductionOutcome(runId, tx);
  });
}

describe("reproducing a run from a thread", () => {
  it("queues the thread's run again with a new seed as the actor's own run, and posts the queued event", async () => {
    const { thread, askerRun, asker } = await createRunQuestion();
    const reader = await createPoster();
    const before = await getPrisma().run.count({ where: { userId: asker.id } });

    const result = await reproduce(reader, thread.id);

    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({
      userId: reader.id,
      status: "QUEUED",
      configRevisionId: askerRun.configRevisionId,
      datasetVersionId: askerRun.datasetVersionId,
    });
    expect(run.seed).not.toBe(askerRun.seed);
    expect(run.seed).toBe(result.seed);
    expect(await getPrisma().run.count({ where: { userId: asker.id } })).toBe(before);
    expect(await getTrainingQueue().getJob(run.id)).toBeTruthy();
    expect(
      await getPrisma().reproduction.findUniqueOrThrow({ where: { runId: run.id }, select: { outcome: true } }),
    ).toEqual({ outcome: null });
    expect(await eventsOf(thread.id)).toEqual([
      {
        type: "reproductionQueued",
        values: { handle: reader.handle, runId: run.id, seed: run.seed, originalRunId: askerRun.id },
      },
    ]);
  });

  it("reproduces a run an answer links, counts against the actor's queued-run limit, not the original owner's", async () => {
    const { thread, answerRun, answerer } = await createRunQuestion();
    const reader = await createPoster();
    const first = await reproduce(reader, thread.id, answerRun.id);
    expect(first.originalRunId).toBe(answerRun.id);
    // RUN_MAX_QUEUED_PER_USER (5 in tests): four more fit, the sixth is refused.
    for (let i = 0; i < 4; i++) await reproduce(reader, thread.id, answerRun.id);
    const full = await failure(reproduceRun({ actor: reader, threadId: thread.id, runId: answerRun.id }));
    expect(full.code).toBe("RATE_LIMITED");
    expect(full.fieldErrors.run).toBe("run.tooManyQueued");
    // The answerer's own limit is untouched: they can still reproduce their run.
    await reproduce(answerer, thread.id, answerRun.id);
    expect((await eventsOf(thread.id)).filter((e) => e.type === "reproductionQueued")).toHaveLength(6);
  });

  it("answers NOT_FOUND for a hidden thread and for a hidden run it links, and writes nothing", async () => {
    const owner = await createPoster();
    const reader = await createPoster();
    const { version } = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const config = await createConfigFrom("mlp", {}, owner);
    const privateRun = await createScoredRun({
      userId: owner.id,
      configId: config.config.id,
      configRevisionId: config.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.9 },
    });
    const hidden = await createThreadFrom(owner, { runId: privateRun.id });
    const was = await footprint(hidden.id, reader.id);
    expect((await failure(reproduceRun({ actor: reader, threadId: hidden.id }))).code).toBe("NOT_FOUND");
    expect(await footprint(hidden.id, reader.id)).toEqual(was);

    // A public question whose answer links a run on a private config: the thread opens, that run does not.
    const { thread } = await createRunQuestion();
    const answerer = await createPoster();
    const secret = await createConfigFrom("mlp", { visibility: "PRIVATE" }, answerer);
    const asked = await getPrisma().thread.findUniqueOrThrow({
      where: { id: thread.id },
      select: { run: { select: { datasetVersionId: true } } },
    });
    const secretRun = await createScoredRun({
      userId: answerer.id,
      configId: secret.config.id,
      configRevisionId: secret.revision.id,
      datasetVersionId: asked.run!.datasetVersionId,
      publicScores: { accuracy: 0.95 },
    });
    await answer({ actor: answerer, threadId: thread.id, input: { body: "Try mine.", runId: secretRun.id } });
    const before = await footprint(thread.id, reader.id);
    const error = await failure(reproduceRun({ actor: reader, threadId: thread.id, runId: secretRun.id }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await footprint(thread.id, reader.id)).toEqual(before);

    // Its owner sees it, but the events would show it to every reader: refused too.
    const own = await failure(reproduceRun({ actor: answerer, threadId: thread.id, runId: secretRun.id }));
    expect(own.key).toBe("reproduce.runPrivate");
    expect(await footprint(thread.id, answerer.id)).toMatchObject({ posts: before.posts });
  });

  it("refuses a run that is not the thread's or a live answer's, a thread without a run, and unfinished runs", async () => {
    const { thread, asker, answerer, answer: linked, answerRun } = await createRunQuestion();
    const other = await createRunQuestion();
    const reader = await createPoster();
    const was = await footprint(thread.id, reader.id);

    const foreign = await failure(reproduceRun({ actor: reader, threadId: thread.id, runId: other.askerRun.id }));
    expect([foreign.code, foreign.key]).toEqual(["INVALID_INPUT", "reproduce.notInThread"]);
    const bogus = await failure(reproduceRun({ actor: reader, threadId: thread.id, runId: "no\u0000such" }));
    expect(bogus.key).toBe("reproduce.notInThread");
    await deletePost({ actor: answerer, postId: linked.id });
    const deleted = await failure(reproduceRun({ actor: reader, threadId: thread.id, runId: answerRun.id }));
    expect(deleted.key).toBe("reproduce.notInThread");

    const general = await createThreadFrom(asker);
    expect((await failure(reproduceRun({ actor: reader, threadId: general.id }))).key).toBe("reproduce.noRun");

    const running = await createTrainingRun({
      userId: asker.id,
      configId: other.askerConfig.config.id,
      configRevisionId: other.askerConfig.revision.id,
      datasetVersionId: other.version.id,
    });
    const onRunning = await createThreadFrom(asker, { runId: running.id });
    const unfinished = await failure(reproduceRun({ actor: reader, threadId: onRunning.id }));
    expect([unfinished.code, unfinished.key]).toEqual(["CONFLICT", "reproduce.notFinished"]);

    await setThreadLocked({ actor: asker, threadId: thread.id, locked: true });
    expect((await failure(reproduceRun({ actor: reader, threadId: thread.id }))).key).toBe("reproduce.locked");
    expect(await footprint(thread.id, reader.id)).toEqual(was);
  });
});

describe("the outcome of a reproduction", () => {
  it("compares the primary metric on the public half only, and is posted once however often the run finishes", async () => {
    // The original: public accuracy 0.81, private 0.71 (createRunQuestion).
    const { thread, askerRun } = await createRunQuestion({ before: 0.81 });
    const reader = await createPoster();
    const { runId } = await reproduce(reader, thread.id);

    // Public 0.82 is within 0.02 of 0.81; the private halves (0.71 → 0.40) would say "not reproduced".
    const outcome = await succeed(runId, { accuracy: 0.82 }, { accuracy: 0.4 });
    expect(outcome?.outcome).toBe("REPRODUCED");
    expect(await recordReproductionOutcome(runId)).toBeNull(); // a retry, a second hook
    await reconcileRuns(24 * 3_600_000); // and the reconciler's sweep
    const events = await eventsOf(thread.id);
    expect(events.map((e) => e.type)).toEqual(["reproductionQueued", "reproduced"]);
    expect(events[1]!.values).toEqual({
      runId,
      originalRunId: askerRun.id,
      metric: "accuracy",
      before: 0.81,
      after: 0.82,
      tolerance: REPRODUCTION_TOLERANCE.absolute,
      within: true,
      compared: true,
    });
    expect(await getPrisma().reproduction.findUniqueOrThrow({ where: { runId }, select: { outcome: true } })).toEqual({
      outcome: "REPRODUCED",
    });
  });

  it("says 'not reproduced' outside the tolerance, which is relative for error metrics", async () => {
    const { thread } = await createRunQuestion({ before: 0.81 });
    const reader = await createPoster();
    const { runId } = await reproduce(reader, thread.id);
    await succeed(runId, { accuracy: 0.75 }, { accuracy: 0.81 });
    const [, event] = await eventsOf(thread.id);
    expect(event).toMatchObject({ type: "reproduced", values: { before: 0.81, after: 0.75, within: false } });
    expect(toleranceFor("rmse", 4)).toBeCloseTo(0.2, 10);
    expect(toleranceFor("r2", 0.5)).toBe(REPRODUCTION_TOLERANCE.absolute);
  });

  it("posts a failure and a cancel once each, through the hooks every final-status write calls", async () => {
    const { thread, askerRun } = await createRunQuestion();
    const reader = await createPoster();
    const failed = await reproduce(reader, thread.id);
    const canceled = await reproduce(reader, thread.id);

    // The worker's failure write (failRun) and the reconciler's both end in this call.
    await getPrisma().run.update({
      where: { id: failed.runId },
      data: { status: "FAILED", error: "runErrors.nanLoss", finishedAt: new Date() },
    });
    // Five at once (a retried job racing the reconciler): the row lock lets one post.
    const posted = await Promise.all(Array.from({ length: 5 }, () => recordReproductionOutcome(failed.runId)));
    expect(posted.filter(Boolean)).toHaveLength(1);
    // cancelRun finishes a queued run itself, and posts.
    expect(await cancelRun({ actor: reader, runId: canceled.runId })).toBe("CANCELED");
    await recordReproductionOutcome(canceled.runId);

    const outcomes = (await eventsOf(thread.id)).filter((e) => e.type !== "reproductionQueued");
    expect(outcomes).toEqual([
      {
        type: "reproductionFailed",
        values: { runId: failed.runId, originalRunId: askerRun.id, error: "runErrors.nanLoss", sameError: false },
      },
      { type: "reproductionCanceled", values: { runId: canceled.runId, originalRunId: askerRun.id } },
    ]);
  });

  it("is posted by the reconciler's sweep when a crash came between the status write and the hook", async () => {
    const { thread } = await createRunQuestion();
    const reader = await createPoster();
    const { runId } = await reproduce(reader, thread.id);
    await getPrisma().run.update({ where: { id: runId }, data: { status: "CANCELED", finishedAt: new Date() } });
    expect((await eventsOf(thread.id)).map((e) => e.type)).toEqual(["reproductionQueued"]);
    await reconcileRuns(24 * 3_600_000);
    expect((await eventsOf(thread.id)).map((e) => e.type)).toEqual(["reproductionQueued", "reproductionCanceled"]);
  });

  it("does nothing for a run that is not a reproduction or has not finished", async () => {
    const { thread, askerRun } = await createRunQuestion();
    const reader = await createPoster();
    const { runId } = await reproduce(reader, thread.id);
    expect(await recordReproductionOutcome(askerRun.id)).toBeNull();
    expect(await recordReproductionOutcome(runId)).toBeNull(); // still queued
    expect((await eventsOf(thread.id)).map((e) => e.type)).toEqual(["reproductionQueued"]);
  });
});
