import { describe, expect, it } from "vitest";
import type { TSessionUser } from "../auth/session";
import { forkConfig } from "../configs/mutations";
import { setDatasetStar } from "../datasets/mutations";
import { getPrisma } from "../db";
import { acceptAnswer, unacceptAnswer } from "../discussions/answers";
import { answer, reply } from "../discussions/mutations";
import { unvote, vote } from "../discussions/votes";
import { RateLimitedError } from "../errors";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createRunQuestion, createThreadFrom } from "../factories/discussions";
import { createScoredRun, createTrainingRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { recordRunResult } from "../leaderboards/record";
import { consumePost, NEW_ACCOUNT_TRUSTED_REPUTATION } from "../limits/limits";
import { applyReputation, recomputeReputation } from "./ledger";

/*
 * Each hook through the domain function that makes the event, against the real database: what the earner's total
 * and ledger say afterwards.
 */

const db = getPrisma();

const reputationOf = async (user: { id: string }) =>
  (await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { reputation: true } })).reputation;

const reasonsOf = async (user: { id: string }) =>
  (await db.reputationEvent.findMany({ where: { userId: user.id }, orderBy: { dedupeKey: "asc" } })).map(
    (r) => `${r.reason} ${r.points}`,
  );

async function expectConsistent(...users: { id: string }[]) {
  for (const u of users) {
    const { stored, ledger } = await recomputeReputation(u.id);
    expect(stored).toBe(ledger);
  }
}

describe("votes", () => {
  it("give the post's author 10 and take them back; a new account's vote gives nothing", async () => {
    const [author, voter] = await Promise.all([createPoster(), createPoster()]);
    const fresh = await createUser();
    const thread = await createThreadFrom(author);
    await vote({ actor: voter, postId: thread.openingPostId });
    await vote({ actor: voter, postId: thread.openingPostId }); // a double click
    expect(await reputationOf(author)).toBe(10);
    await unvote({ actor: voter, postId: thread.openingPostId });
    await unvote({ actor: voter, postId: thread.openingPostId });
    expect(await reputationOf(author)).toBe(0);
    const { changed } = await vote({ actor: fresh, postId: thread.openingPostId });
    expect(changed).toBe(true); // the vote counts on the post…
    expect(await reputationOf(author)).toBe(0); // …not towards reputation
    expect(await reasonsOf(author)).toEqual(["UPVOTE_RECEIVED 10", "UPVOTE_REMOVED -10"]);
    const later = await reply({ actor: author, threadId: thread.id, input: { body: "A reply counts the same." } });
    await vote({ actor: voter, postId: later.id });
    expect(await reputationOf(author)).toBe(10);
  });

  it("count exactly under 20 concurrent voters and 20 concurrent double clicks", async () => {
    const author = await createPoster();
    const thread = await createThreadFrom(author);
    const voters = await Promise.all(Array.from({ length: 20 }, () => createPoster()));
    const results = await Promise.all(voters.map((v) => vote({ actor: v, postId: thread.openingPostId })));
    expect(results.filter((r) => r.changed)).toHaveLength(20);
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () => unvote({ actor: voters[0]!, postId: thread.openingPostId })),
    );
    expect(clicks.filter((r) => r.changed)).toHaveLength(1);
    expect(await reputationOf(author)).toBe(190);
    expect(await db.reputationEvent.count({ where: { userId: author.id } })).toBe(21);
    const post = await db.post.findUniqueOrThrow({ where: { id: thread.openingPostId }, select: { voteCount: true } });
    expect(post.voteCount).toBe(19);
    await expectConsistent(author);
  });
});

describe("accepted answers", () => {
  it("give 15 to the accepted answer's author only, follow a switch, and are taken back on unaccept", async () => {
    const [asker, a, b] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const first = await answer({ actor: a, threadId: question.id, input: { body: "First." } });
    const second = await answer({ actor: b, threadId: question.id, input: { body: "Second." } });
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: first.id } });
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: first.id } }); // a retry
    expect([await reputationOf(a), await reputationOf(b)]).toEqual([15, 0]);
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: second.id } });
    expect([await reputationOf(a), await reputationOf(b)]).toEqual([0, 15]);
    await unacceptAnswer({ actor: asker, threadId: question.id });
    expect([await reputationOf(a), await reputationOf(b)]).toEqual([0, 0]);
    expect(await reasonsOf(a)).toEqual(["ANSWER_ACCEPTED 15", "ANSWER_UNACCEPTED -15"]);
    await expectConsistent(a, b);
  });

  it("give nothing for accepting one's own answer", async () => {
    const asker = await createPoster();
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const own = await answer({ actor: asker, threadId: question.id, input: { body: "Found it myself." } });
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: own.id } });
    expect(await reputationOf(asker)).toBe(0);
  });

  it("under concurrent accepts of different answers, leave exactly the accepted one's author credited", async () => {
    const asker = await createPoster();
    const answerers = await Promise.all(Array.from({ length: 5 }, () => createPoster()));
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const posts = [];
    for (const u of answerers) posts.push(await answer({ actor: u, threadId: question.id, input: { body: "Mine." } }));
    await Promise.all(posts.map((p) => acceptAnswer({ actor: asker, threadId: question.id, input: { postId: p.id } })));
    const { acceptedPostId } = await db.thread.findUniqueOrThrow({ where: { id: question.id } });
    const totals = await Promise.all(answerers.map(reputationOf));
    expect(totals).toEqual(posts.map((p) => (p.id === acceptedPostId ? 15 : 0)));
    await expectConsistent(...answerers);
  });
});

describe("verified fixes", () => {
  it("give 25 on top of the acceptance when the answer's run beats the asker's, taken back with it", async () => {
    const world = await createRunQuestion({ before: 0.81, after: 0.86 });
    await acceptAnswer({ actor: world.asker, threadId: world.thread.id, input: { postId: world.answer.id } });
    expect(await reputationOf(world.answerer)).toBe(40);
    await unacceptAnswer({ actor: world.asker, threadId: world.thread.id });
    expect(await reputationOf(world.answerer)).toBe(0);
    expect(await reasonsOf(world.answerer)).toEqual([
      "ANSWER_ACCEPTED 15",
      "ANSWER_UNACCEPTED -15",
      "VERIFIED_FIX 25",
      "VERIFIED_FIX_REVOKED -25",
    ]);
  });

  it("give no verified fix for a worse run", async () => {
    const world = await createRunQuestion({ before: 0.81, after: 0.7 });
    await acceptAnswer({ actor: world.asker, threadId: world.thread.id, input: { postId: world.answer.id } });
    expect(await reputationOf(world.answerer)).toBe(15);
  });

  it("follow a run that finishes after the acceptance (the result hook settles the question)", async () => {
    const world = await createRunQuestion({ before: 0.81, after: 0.86 });
    const pending = await createTrainingRun({
      userId: world.answerer.id,
      configId: world.answerConfig.config.id,
      configRevisionId: world.answerConfig.revision.id,
      datasetVersionId: world.version.id,
      epochs: 1,
    });
    const later = await answer({
      actor: world.answerer,
      threadId: world.thread.id,
      input: { body: "Still training, but look.", runId: pending.id },
    });
    await acceptAnswer({ actor: world.asker, threadId: world.thread.id, input: { postId: later.id } });
    expect(await reputationOf(world.answerer)).toBe(15);
    await db.$transaction(async (tx) => {
      await tx.run.update({
        where: { id: pending.id },
        data: {
          status: "SUCCEEDED",
          finishedAt: new Date(),
          metrics: { testPublic: { n: 10, accuracy: 0.9 }, testPrivate: { n: 10, accuracy: 0.8 }, validation: null },
        },
      });
      await recordRunResult(pending.id, tx);
    });
    expect(await reputationOf(world.answerer)).toBe(40);
    await expectConsistent(world.answerer);
  });
});

describe("stars and forks", () => {
  it("give a dataset's owner 5 per star from someone else, taken back on unstar", async () => {
    const [owner, fan] = await Promise.all([createPoster(), createPoster()]);
    const fresh = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    await setDatasetStar({ actor: fan, datasetId: dataset.id, starred: true });
    await setDatasetStar({ actor: fan, datasetId: dataset.id, starred: true });
    await setDatasetStar({ actor: owner, datasetId: dataset.id, starred: true });
    await setDatasetStar({ actor: fresh, datasetId: dataset.id, starred: true });
    expect(await reputationOf(owner)).toBe(5);
    await setDatasetStar({ actor: fan, datasetId: dataset.id, starred: false });
    expect(await reputationOf(owner)).toBe(0);
    expect(await reasonsOf(owner)).toEqual(["DATASET_STARRED 5", "DATASET_UNSTARRED -5"]);
  });

  it("give a config's owner 5 per fork by someone else, none for their own", async () => {
    const [owner, forker] = await Promise.all([createPoster(), createPoster()]);
    const { config } = await createConfigFrom("mlp", {}, owner);
    await forkConfig({ actor: forker, configId: config.id });
    await forkConfig({ actor: owner, configId: config.id });
    expect(await reputationOf(owner)).toBe(5);
    expect(await reasonsOf(owner)).toEqual(["CONFIG_FORKED 5"]);
  });
});

describe("a fork beating its parent", () => {
  async function forkWorld(visibility: "PUBLIC" | "PRIVATE" = "PUBLIC") {
    const [parentAuthor, forkAuthor] = await Promise.all([createPoster(), createPoster()]);
    const { version } = await createSampleDataset("iris", parentAuthor, { visibility });
    const parent = await createConfigFrom("mlp", {}, parentAuthor);
    await createScoredRun({
      userId: parentAuthor.id,
      configId: parent.config.id,
      configRevisionId: parent.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.8 },
    });
    const fork = await forkConfig({ actor: forkAuthor, configId: parent.config.id });
    const runFork = (accuracy: number, user: TSessionUser = forkAuthor) =>
      createScoredRun({
        userId: user.id,
        configId: fork.config.id,
        configRevisionId: fork.revision.id,
        datasetVersionId: version.id,
        publicScores: { accuracy },
      });
    return { parentAuthor, forkAuthor, runFork };
  }

  it("gives the fork's author 20 and the parent's 5, once per fork and board", async () => {
    const { parentAuthor, forkAuthor, runFork } = await forkWorld();
    expect(await reputationOf(parentAuthor)).toBe(5); // the fork itself
    await runFork(0.75); // worse: nothing
    expect(await reputationOf(forkAuthor)).toBe(0);
    await runFork(0.85);
    await runFork(0.9); // better again: still once
    expect([await reputationOf(forkAuthor), await reputationOf(parentAuthor)]).toEqual([20, 10]);
    expect(await reasonsOf(forkAuthor)).toEqual(["FORK_BEAT_PARENT 20"]);
    await expectConsistent(parentAuthor, forkAuthor);
  });

  it("gives nothing on a board nobody else can see", async () => {
    // A private dataset: only its owner can run on it, so the fork author is the owner here.
    const { parentAuthor, forkAuthor, runFork } = await forkWorld("PRIVATE");
    await runFork(0.95, parentAuthor);
    expect([await reputationOf(forkAuthor), await reputationOf(parentAuthor)]).toEqual([0, 5]);
  });
});

describe("the new-account posting limit", () => {
  it("stops applying before the first day is over once the account has earned a little reputation", async () => {
    const [asker, trusted, untrusted] = await Promise.all([createPoster(), createUser(), createUser()]);
    await db.$transaction((tx) =>
      applyReputation(
        [{ op: "award", rule: "accept", earnerId: trusted.id, sourceUserId: asker.id, subject: trusted.id }],
        tx,
      ),
    );
    expect(await reputationOf(trusted)).toBeGreaterThanOrEqual(NEW_ACCOUNT_TRUSTED_REPUTATION);
    const fresh = (u: { id: string }) =>
      db.user.findUniqueOrThrow({ where: { id: u.id }, select: { id: true, createdAt: true } });
    for (let i = 0; i < 11; i++) await consumePost(await fresh(trusted));
    for (let i = 0; i < 10; i++) await consumePost(await fresh(untrusted));
    const refused = await consumePost(await fresh(untrusted)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).limit).toBe("postNewAccount");
  });
});
