import { describe, expect, it } from "vitest";
import { failure } from "../factories/failure";
import { getPrisma } from "../db";
import { createPoster, createRunQuestion, createThreadFrom } from "../factories/discussions";
import { createTrainingRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { acceptAnswer, unacceptAnswer } from "./answers";
import { answer, deletePost, postSystemEvent, reply } from "./mutations";
import { getThread } from "./queries";
import { unvote, vote } from "./votes";

describe("accepting an answer", () => {
  it("is the asker's alone, and only of an ANSWER post of that question", async () => {
    const [asker, answerer, other] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const elsewhere = await createThreadFrom(asker, { kind: "QUESTION" });
    const good = await answer({ actor: answerer, threadId: question.id, input: { body: "Use dropout." } });
    const comment = await reply({ actor: other, threadId: question.id, input: { body: "Me too." } });
    const foreign = await answer({ actor: answerer, threadId: elsewhere.id, input: { body: "Other thread." } });

    const notAsker = await failure(
      acceptAnswer({ actor: answerer, threadId: question.id, input: { postId: good.id } }),
    );
    expect([notAsker.code, notAsker.key]).toEqual(["FORBIDDEN", "discussionErrors.notAsker"]);
    for (const postId of [comment.id, foreign.id, question.openingPostId]) {
      const error = await failure(acceptAnswer({ actor: asker, threadId: question.id, input: { postId } }));
      expect(error.fieldErrors).toEqual({ postId: "discussion.notAnswer" });
    }
    const discussion = await createThreadFrom(asker);
    const notQuestion = await failure(
      acceptAnswer({ actor: asker, threadId: discussion.id, input: { postId: good.id } }),
    );
    expect(notQuestion.key).toBe("discussionErrors.notQuestion");

    expect(await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: good.id } })).toEqual({
      threadId: question.id,
      acceptedPostId: good.id,
    });
    expect((await getThread(question.id, null))!.acceptedPostId).toBe(good.id);
    // Taking back someone else's acceptance is refused too; the asker's is idempotent.
    expect((await failure(unacceptAnswer({ actor: other, threadId: question.id }))).code).toBe("FORBIDDEN");
    await unacceptAnswer({ actor: asker, threadId: question.id, input: { postId: comment.id } }); // not the accepted one
    expect((await getThread(question.id, null))!.acceptedPostId).toBe(good.id);
    await unacceptAnswer({ actor: asker, threadId: question.id });
    await unacceptAnswer({ actor: asker, threadId: question.id });
    expect((await getThread(question.id, null))!.acceptedPostId).toBeNull();
  });

  it("puts the accepted answer first, then the others by votes, then by time; deleting it unaccepts it", async () => {
    const [asker, a, b, c] = await Promise.all([createPoster(), createPoster(), createPoster(), createPoster()]);
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const first = await answer({ actor: a, threadId: question.id, input: { body: "First." } });
    const second = await answer({ actor: b, threadId: question.id, input: { body: "Second." } });
    const third = await answer({ actor: c, threadId: question.id, input: { body: "Third." } });
    await vote({ actor: a, postId: third.id });
    await vote({ actor: b, postId: third.id });
    await vote({ actor: c, postId: second.id });
    const order = async () => (await getThread(question.id, asker))!.posts.map((p) => p.id);
    expect(await order()).toEqual([third.id, second.id, first.id]);
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: first.id } });
    expect(await order()).toEqual([first.id, third.id, second.id]);
    const view = (await getThread(question.id, asker))!;
    expect(view.posts[0]).toMatchObject({ accepted: true, verifiedFix: false }); // no experiment: no verified fix
    expect(view.can.accept).toBe(true);

    await deletePost({ actor: a, postId: first.id });
    expect((await getThread(question.id, null))!.acceptedPostId).toBeNull();
  });
});

describe("the measured change and verified fix", () => {
  it("compares the answer's run with the asker's from stored results, public half for others", async () => {
    const world = await createRunQuestion({ before: 0.81, after: 0.86 });
    const { asker, thread, answer: post, askerRun, answerRun } = world;
    const stranger = await createUser();
    const answerOf = async (viewer: typeof asker | null) =>
      (await getThread(thread.id, viewer))!.posts.find((p) => p.id === post.id)!;

    const seen = await answerOf(stranger);
    expect(seen.experiment).toEqual({
      configRevision: expect.objectContaining({ id: world.answerConfig.revision.id, number: 1 }),
      run: { id: answerRun.id, status: "SUCCEEDED" },
    });
    expect(seen.measuredChange).toEqual({
      metric: "accuracy",
      direction: "max",
      asker: { runId: askerRun.id, testPublic: { accuracy: 0.81 }, testPrivate: null },
      answer: { runId: answerRun.id, testPublic: { accuracy: 0.86 }, testPrivate: null },
      before: 0.81,
      after: 0.86,
      improved: true,
    });
    expect(seen.verifiedFix).toBe(false); // not accepted yet

    // The asker owns the dataset: they see the private half's scores as well; nobody else does.
    const own = (await answerOf(asker)).measuredChange!;
    expect(own.asker.testPrivate).toEqual({ accuracy: expect.closeTo(0.71, 10) });
    expect(own.answer.testPrivate).toEqual({ accuracy: expect.closeTo(0.76, 10) });
    expect(JSON.stringify(await getThread(thread.id, null))).not.toContain(String(0.86 - 0.1));

    await acceptAnswer({ actor: asker, threadId: thread.id, input: { postId: post.id } });
    expect(await answerOf(null)).toMatchObject({ accepted: true, verifiedFix: true });
    expect((await getThread(thread.id, null))!.subject).toMatchObject({
      type: "run",
      id: askerRun.id,
      status: "SUCCEEDED",
    });
  });

  it("is no verified fix when the accepted run is worse, and no change at all while a run is unfinished", async () => {
    const worse = await createRunQuestion({ before: 0.81, after: 0.7 });
    await acceptAnswer({ actor: worse.asker, threadId: worse.thread.id, input: { postId: worse.answer.id } });
    const view = (await getThread(worse.thread.id, null))!.posts[0]!;
    expect(view).toMatchObject({ accepted: true, verifiedFix: false, measuredChange: { improved: false, after: 0.7 } });

    const training = await createTrainingRun({
      userId: worse.answerer.id,
      configId: worse.answerConfig.config.id,
      configRevisionId: worse.answerConfig.revision.id,
      datasetVersionId: worse.version.id,
    });
    const pending = await answer({
      actor: worse.answerer,
      threadId: worse.thread.id,
      input: { body: "Still training.", runId: training.id },
    });
    const unfinished = (await getThread(worse.thread.id, null))!.posts.find((p) => p.id === pending.id)!;
    expect(unfinished.experiment?.run).toEqual({ id: training.id, status: "RUNNING" });
    expect(unfinished.measuredChange).toBeNull();
  });

  it("hides a linked run that became private, and its change with it", async () => {
    const world = await createRunQuestion();
    await getPrisma().config.update({ where: { id: world.answerConfig.config.id }, data: { visibility: "PRIVATE" } });
    const seen = (await getThread(world.thread.id, null))!.posts[0]!;
    expect(seen).toMatchObject({ experiment: null, measuredChange: null, verifiedFix: false });
    expect(JSON.stringify(seen)).not.toContain(world.answerRun.id);
    // Its author still sees it.
    expect((await getThread(world.thread.id, world.answerer))!.posts[0]!.measuredChange).not.toBeNull();
  });
});

describe("votes", () => {
  it("count one per user, exactly, under 20 concurrent votes from 20 users and 20 double clicks from one", async () => {
    const author = await createPoster();
    const thread = await createThreadFrom(author);
    const voters = await Promise.all(Array.from({ length: 20 }, () => createUser()));
    const results = await Promise.all(voters.map((v) => vote({ actor: v, postId: thread.openingPostId })));
    expect(results.filter((r) => r.changed)).toHaveLength(20);
    const db = getPrisma();
    const count = async () => ({
      post: (await db.post.findUniqueOrThrow({ where: { id: thread.openingPostId } })).voteCount,
      thread: (await db.thread.findUniqueOrThrow({ where: { id: thread.id } })).voteCount,
      rows: await db.postVote.count({ where: { postId: thread.openingPostId } }),
    });
    expect(await count()).toEqual({ post: 20, thread: 20, rows: 20 });

    const clicks = await Promise.all(
      Array.from({ length: 20 }, () => vote({ actor: voters[0]!, postId: thread.openingPostId })),
    );
    expect(clicks.filter((r) => r.changed)).toHaveLength(0);
    expect(await count()).toEqual({ post: 20, thread: 20, rows: 20 });

    const back = await Promise.all(
      Array.from({ length: 20 }, () => unvote({ actor: voters[1]!, postId: thread.openingPostId })),
    );
    expect(back.filter((r) => r.changed)).toHaveLength(1);
    expect(back.every((r) => r.voteCount >= 19)).toBe(true);
    expect(await count()).toEqual({ post: 19, thread: 19, rows: 19 });
    expect((await getThread(thread.id, voters[0]!))!.opening).toMatchObject({ voted: true, voteCount: 19 });
    expect((await getThread(thread.id, voters[1]!))!.opening).toMatchObject({ voted: false });
  });

  it("refuse one's own post, SYSTEM posts, deleted posts and what the voter cannot see", async () => {
    const [author, other] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(author);
    const own = await failure(vote({ actor: author, postId: thread.openingPostId }));
    expect([own.code, own.key]).toEqual(["FORBIDDEN", "discussionErrors.ownPost"]);
    const event = await postSystemEvent(thread.id, { type: "reproduced", values: {} });
    expect((await failure(vote({ actor: other, postId: event.id }))).key).toBe("discussionErrors.systemPost");
    const gone = await reply({ actor: author, threadId: thread.id, input: { body: "Soon gone." } });
    await deletePost({ actor: author, postId: gone.id });
    expect((await failure(vote({ actor: other, postId: gone.id }))).key).toBe("discussionErrors.postDeleted");
    expect((await failure(vote({ actor: other, postId: "cnotapost000000000000000" }))).code).toBe("NOT_FOUND");
    // A reply's votes are its own: the thread's count is its opening post's.
    const answerPost = await reply({ actor: author, threadId: thread.id, input: { body: "Vote me." } });
    await vote({ actor: other, postId: answerPost.id });
    expect((await getPrisma().thread.findUniqueOrThrow({ where: { id: thread.id } })).voteCount).toBe(0);
  });
});
