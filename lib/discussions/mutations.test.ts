import { describe, expect, it } from "vitest";
import { failure } from "../factories/failure";
import { getPrisma } from "../db";
import { RateLimitedError } from "../errors";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createRunQuestion, createThreadFrom } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { listThreads } from "./list";
import { answer, deletePost, editPost, postSystemEvent, reply, setThreadLocked } from "./mutations";
import { getThread, listRevisions } from "./queries";

describe("starting a thread", () => {
  it("writes the thread, its opening post and revision 1, with mentions of existing users outside code", async () => {
    const [author, mentioned] = await Promise.all([createPoster(), createPoster()]);
    const body = `Hi @${mentioned.handle}, and @nobody-here-${mentioned.id.slice(-4)}. Not \`@${author.handle}\`.`;
    const thread = await createThreadFrom(author, {
      title: "Which optimiser for tiny tables?",
      body,
      tags: "adam, SGD",
    });
    expect(thread).toMatchObject({ kind: "DISCUSSION", tags: ["adam", "sgd"], mentions: [mentioned.handle] });
    const db = getPrisma();
    const stored = await db.post.findUniqueOrThrow({
      where: { id: thread.openingPostId },
      include: { revisions: true },
    });
    expect(stored).toMatchObject({
      kind: "OPENING",
      authorId: author.id,
      language: "en",
      mentions: [mentioned.handle],
    });
    expect(stored.revisions).toMatchObject([{ number: 1, body, title: "Which optimiser for tiny tables?" }]);
    expect(await db.thread.findUniqueOrThrow({ where: { id: thread.id } })).toMatchObject({
      replyCount: 0,
      language: "en",
      locked: false,
    });
  });

  it("answers field errors as catalogue keys: title, body (characters and bytes), tags, subject", async () => {
    const author = await createPoster();
    const fields = async (input: Record<string, unknown>) =>
      (await failure(createThreadFrom(author, input))).fieldErrors;
    expect(await fields({ title: "Why?" })).toEqual({ title: "discussion.titleTooShort" });
    expect(await fields({ title: "x".repeat(201) })).toEqual({ title: "discussion.titleTooLong" });
    expect(await fields({ body: "   " })).toEqual({ body: "discussion.bodyRequired" });
    expect(await fields({ body: "x".repeat(20_001) })).toEqual({ body: "discussion.bodyTooLong" });
    // Characters are code points: 20,000 Chinese characters (60,000 bytes) fit; 20,000 emoji (80,000 bytes) do not.
    expect(await fields({ body: "🙂".repeat(20_000) })).toEqual({ body: "discussion.bodyTooLarge" });
    expect(await fields({ body: "汉".repeat(20_001) })).toEqual({ body: "discussion.bodyTooLong" });
    const long = await createThreadFrom(author, { body: "汉".repeat(20_000) });
    expect((await getThread(long.id, null))!.opening!.body).toHaveLength(20_000);
    expect(await fields({ tags: "a b c d e f" })).toEqual({ tags: "discussion.tagsTooMany" });
    expect(await fields({ tags: ["ok", "not ok!"] })).toEqual({ tags: "tags.format" });
    expect(await fields({ kind: "POLL" })).toEqual({ kind: "discussion.kindInvalid" });
    expect(await fields({ runId: "a", configId: "b" })).toEqual({ form: "discussion.oneSubject" });
  });

  it("is refused, as not found, on a thing the author may not see", async () => {
    const [owner, stranger] = await Promise.all([createPoster(), createPoster()]);
    const { dataset, version } = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const config = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    for (const input of [
      { datasetVersionId: version.id },
      { configId: config.config.id },
      { runId: "cnotarun0000000000000000" },
    ])
      expect((await failure(createThreadFrom(stranger, input))).code).toBe("NOT_FOUND");
    // The owner may, and the thread names the version and its dataset.
    const thread = await createThreadFrom(owner, { datasetVersionId: version.id });
    expect(await getPrisma().thread.findUniqueOrThrow({ where: { id: thread.id } })).toMatchObject({
      datasetVersionId: version.id,
      datasetId: dataset.id,
    });
  });
});

describe("replies", () => {
  it("go one level deep, under a top-level post of the same thread, and are counted on the thread", async () => {
    const [author, other] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(author);
    const elsewhere = await createThreadFrom(author);
    const top = await reply({ actor: other, threadId: thread.id, input: { body: "A top-level reply." } });
    const nested = await reply({ actor: author, threadId: thread.id, input: { body: "Under it.", parentId: top.id } });
    const onOpening = await reply({
      actor: other,
      threadId: thread.id,
      input: { body: "On the question itself.", parentId: thread.openingPostId },
    });
    expect(nested.parentId).toBe(top.id);
    expect(onOpening.parentId).toBe(thread.openingPostId);
    for (const parentId of [nested.id, elsewhere.openingPostId, "cnotapost000000000000000"]) {
      const error = await failure(reply({ actor: other, threadId: thread.id, input: { body: "Deeper", parentId } }));
      expect(error.fieldErrors).toEqual({ parentId: "discussion.parentInvalid" });
    }
    const view = (await getThread(thread.id, null))!;
    expect(view.replyCount).toBe(3);
    expect(view.posts.map((p) => p.id)).toEqual([top.id]);
    expect(view.posts[0]!.replies.map((p) => p.id)).toEqual([nested.id]);
    expect(view.opening!.replies.map((p) => p.id)).toEqual([onOpening.id]);
  });

  it("are refused on a locked thread and a deleted one, with their own message keys", async () => {
    const [author, other] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(author, { kind: "QUESTION" });
    expect((await failure(setThreadLocked({ actor: other, threadId: thread.id, locked: true }))).code).toBe(
      "FORBIDDEN",
    );
    await setThreadLocked({ actor: author, threadId: thread.id, locked: true });
    for (const write of [
      reply({ actor: other, threadId: thread.id, input: { body: "Hello?" } }),
      answer({ actor: other, threadId: thread.id, input: { body: "An answer." } }),
    ]) {
      const error = await failure(write);
      expect([error.code, error.key]).toEqual(["CONFLICT", "discussionErrors.locked"]);
    }
    expect((await getThread(thread.id, other))!.can).toEqual({ reply: false, answer: false, accept: false });
    await setThreadLocked({ actor: author, threadId: thread.id, locked: false });
    await reply({ actor: other, threadId: thread.id, input: { body: "Open again." } });

    await deletePost({ actor: author, postId: thread.openingPostId });
    const error = await failure(reply({ actor: other, threadId: thread.id, input: { body: "Still there?" } }));
    expect([error.code, error.key]).toEqual(["CONFLICT", "discussionErrors.threadDeleted"]);
  });

  it("to a thread whose thing is hidden are not found", async () => {
    const [owner, stranger] = await Promise.all([createPoster(), createPoster()]);
    const config = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    const thread = await createThreadFrom(owner, { configId: config.config.id });
    const error = await failure(reply({ actor: stranger, threadId: thread.id, input: { body: "Peek" } }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await getThread(thread.id, stranger)).toBeNull();
    expect(await getThread(thread.id, null)).toBeNull();
    expect(await getThread(thread.id, owner)).not.toBeNull();
  });
});

describe("answers", () => {
  it("only to questions; a linked run must be visible, of the linked revision and on the question's dataset version", async () => {
    const { asker, answerer, askerRun, answerConfig, askerConfig, thread } = await createRunQuestion();
    const discussion = await createThreadFrom(asker);
    const notQuestion = await failure(answer({ actor: answerer, threadId: discussion.id, input: { body: "A." } }));
    expect([notQuestion.code, notQuestion.key]).toEqual(["INVALID_INPUT", "discussionErrors.notQuestion"]);

    const fields = async (input: Record<string, unknown>) =>
      (await failure(answer({ actor: answerer, threadId: thread.id, input: { body: "Try this.", ...input } })))
        .fieldErrors;
    // A run on another version of the data: not comparable.
    const { version: otherVersion } = await createSampleDataset("iris", answerer);
    const elsewhere = await createScoredRun({
      userId: answerer.id,
      configId: answerConfig.config.id,
      configRevisionId: answerConfig.revision.id,
      datasetVersionId: otherVersion.id,
      publicScores: { accuracy: 0.99 },
    });
    expect(await fields({ runId: elsewhere.id })).toEqual({ runId: "discussion.runOtherVersion" });
    // Someone's private config's run and revision: as if they did not exist.
    const hidden = await createConfigFrom("mlp", { visibility: "PRIVATE" }, asker);
    const hiddenRun = await createScoredRun({
      userId: asker.id,
      configId: hidden.config.id,
      configRevisionId: hidden.revision.id,
      datasetVersionId: askerRun.datasetVersionId,
      publicScores: { accuracy: 0.9 },
    });
    expect(await fields({ runId: hiddenRun.id })).toEqual({ runId: "discussion.runNotFound" });
    expect(await fields({ configRevisionId: hidden.revision.id })).toEqual({
      configRevisionId: "discussion.revisionNotFound",
    });
    expect(await fields({ runId: askerRun.id, configRevisionId: answerConfig.revision.id })).toEqual({
      runId: "discussion.runNotOfRevision",
    });
    // Naming the run alone links its revision too.
    const linked = await answer({ actor: answerer, threadId: thread.id, input: { body: "Same.", runId: askerRun.id } });
    expect(linked).toMatchObject({ kind: "ANSWER", runId: askerRun.id, configRevisionId: askerConfig.revision.id });
  });
});

describe("editing", () => {
  it("is the author's alone and keeps every revision; an opening post's edit may change the title", async () => {
    const [author, other, owner] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const thread = await createThreadFrom(author, { title: "First title", body: "First body" });
    const refused = await failure(
      editPost({ actor: other, postId: thread.openingPostId, input: { body: "Mine now" } }),
    );
    expect([refused.code, refused.key]).toEqual(["FORBIDDEN", "discussionErrors.notAuthor"]);
    // Validation only after the permission: a stranger's invalid edit is still FORBIDDEN, the author's is INVALID.
    expect((await failure(editPost({ actor: other, postId: thread.openingPostId, input: { body: "" } }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failure(editPost({ actor: author, postId: thread.openingPostId, input: { body: "" } }))).code).toBe(
      "INVALID_INPUT",
    );

    await editPost({ actor: author, postId: thread.openingPostId, input: { body: "Second body" } });
    const third = await editPost({
      actor: author,
      postId: thread.openingPostId,
      input: { body: "Third body", title: "Better title" },
    });
    expect(third).toMatchObject({ edited: true });
    // Saving what is already there writes nothing.
    expect(
      await editPost({ actor: author, postId: thread.openingPostId, input: { body: "Third body" } }),
    ).toMatchObject({ edited: false });
    const revisions = await listRevisions(thread.openingPostId, null);
    expect(revisions.map((r) => [r.number, r.body, r.title, r.editor.handle])).toEqual([
      [3, "Third body", "Better title", author.handle],
      [2, "Second body", "First title", author.handle],
      [1, "First body", "First title", author.handle],
    ]);
    const view = (await getThread(thread.id, null))!;
    expect(view.title).toBe("Better title");
    expect(view.opening).toMatchObject({ body: "Third body", canEdit: false });
    expect(view.opening!.editedAt).toBeInstanceOf(Date);
    expect((await getThread(thread.id, author))!.opening!.canEdit).toBe(true);

    // On a private thing, a stranger does not learn the post exists.
    const config = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    const hidden = await createThreadFrom(owner, { configId: config.config.id });
    expect((await failure(editPost({ actor: other, postId: hidden.openingPostId, input: { body: "x" } }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await failure(listRevisions(hidden.openingPostId, null))).code).toBe("NOT_FOUND");
  });
});

describe("soft delete", () => {
  it("keeps the row and the replies under it, blanks the body for readers, and uncounts it", async () => {
    const [author, replier, other] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const thread = await createThreadFrom(author);
    const top = await reply({ actor: replier, threadId: thread.id, input: { body: "Secret words here." } });
    const under = await reply({
      actor: author,
      threadId: thread.id,
      input: { body: "Reply below.", parentId: top.id },
    });
    expect((await failure(deletePost({ actor: other, postId: top.id }))).code).toBe("FORBIDDEN");
    await deletePost({ actor: replier, postId: top.id });
    await deletePost({ actor: replier, postId: top.id }); // twice: a no-op, counted once

    const row = await getPrisma().post.findUniqueOrThrow({ where: { id: top.id } });
    expect(row.body).toBe("Secret words here.");
    expect(row.deletedAt).toBeInstanceOf(Date);
    const view = (await getThread(thread.id, other))!;
    expect(view.replyCount).toBe(1);
    const placeholder = view.posts.find((p) => p.id === top.id)!;
    expect(placeholder).toMatchObject({ deleted: true, body: "", author: null, mentions: [], canEdit: false });
    expect(placeholder.replies.map((r) => [r.id, r.body])).toEqual([[under.id, "Reply below."]]);
    expect(JSON.stringify(view)).not.toContain("Secret words");
    expect((await failure(listRevisions(top.id, replier))).code).toBe("NOT_FOUND");
    const edit = await failure(editPost({ actor: replier, postId: top.id, input: { body: "Back" } }));
    expect([edit.code, edit.key]).toEqual(["CONFLICT", "discussionErrors.postDeleted"]);
  });

  it("of the opening post deletes the thread: unlisted, title blanked, replies still readable by link", async () => {
    const [author, replier] = await Promise.all([createPoster(), createPoster()]);
    const word = `gone${author.id.slice(-6)}`;
    const thread = await createThreadFrom(author, { title: `Question ${word}`, body: `About ${word}` });
    await reply({ actor: replier, threadId: thread.id, input: { body: "Kept." } });
    expect((await listThreads({ q: word }, null)).total).toBe(1);
    await deletePost({ actor: author, postId: thread.openingPostId });
    expect((await listThreads({ q: word }, null)).total).toBe(0);
    const view = (await getThread(thread.id, null))!;
    expect(view).toMatchObject({ deleted: true, title: "", author: null });
    expect(view.posts.map((p) => p.body)).toEqual(["Kept."]);
    expect(JSON.stringify(view)).not.toContain(word);
  });
});

describe("system events", () => {
  it("are stored as a type and values, without an author or English text, and bump the thread's activity", async () => {
    const author = await createPoster();
    const thread = await createThreadFrom(author);
    const before = (await getThread(thread.id, null))!.lastActivityAt;
    const event = await postSystemEvent(thread.id, {
      type: "reproduced",
      values: { runId: "r1", within: true, delta: 0.004 },
    });
    expect(event.event).toEqual({ type: "reproduced", values: { runId: "r1", within: true, delta: 0.004 } });
    const view = (await getThread(thread.id, null))!;
    const post = view.posts.find((p) => p.id === event.id)!;
    expect(post).toMatchObject({ kind: "SYSTEM", author: null, body: "", event: event.event });
    expect(view.replyCount).toBe(0);
    expect(view.lastActivityAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    await expect(postSystemEvent(thread.id, { type: "Not a key!", values: {} })).rejects.toThrow();
    // Nobody can pose as the platform: a SYSTEM post is nobody's to edit or delete.
    expect((await failure(deletePost({ actor: author, postId: event.id }))).code).toBe("FORBIDDEN");
  });
});

describe("the posting limit", () => {
  it("allows a new account fewer posts an hour than an older one, counting threads, replies and answers", async () => {
    const fresh = await createUser();
    const thread = await createThreadFrom(fresh, { kind: "QUESTION" });
    for (let i = 0; i < 8; i++) await reply({ actor: fresh, threadId: thread.id, input: { body: `Reply ${i}` } });
    await answer({ actor: fresh, threadId: thread.id, input: { body: "Answering myself." } });
    const error = await failure(reply({ actor: fresh, threadId: thread.id, input: { body: "One more" } }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).limit).toBe("postNewAccount");

    const older = await createPoster();
    for (let i = 0; i < 30; i++) await reply({ actor: older, threadId: thread.id, input: { body: `Older ${i}` } });
    const limited = await failure(reply({ actor: older, threadId: thread.id, input: { body: "Too many" } }));
    expect((limited as RateLimitedError).limit).toBe("post");
    // A refused post was not written.
    expect((await getThread(thread.id, null))!.replyCount).toBe(8 + 1 + 30);
  });
});
