import { describe, expect, it } from "vitest";
import { forkConfig } from "../configs/mutations";
import { getPrisma } from "../db";
import { acceptAnswer } from "../discussions/answers";
import { answer, editPost, reply } from "../discussions/mutations";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createRunQuestion, createThreadFrom } from "../factories/discussions";
import { notificationRows, typesReceived } from "../factories/notifications";
import { createScoredRun, createTrainingRun } from "../factories/runs";
import { failure } from "../factories/failure";
import { createStaff } from "../factories/moderation";
import { createUser } from "../factories/users";
import { createCompetition } from "../leaderboards/competitions";
import { cancelRun } from "../runs/mutations";
import { competitionNotifications } from "./competitions";
import { markRead } from "./mutations";
import { setPreference } from "./preferences";
import { listNotifications } from "./queries";
import { notifyRunOutcome } from "./runs";
import { setWatch } from "./watch";

/*
 * The hooks: who hears of each event, through the real mutations (discussions, forks, boards) or the hook function
 * the worker calls (a run's final status), and the competitions' sweep.
 */

type TUser = Awaited<ReturnType<typeof createPoster>>;
type TTuple<T, N extends number, R extends T[] = []> = R["length"] extends N ? R : TTuple<T, N, [...R, T]>;
const posters = <N extends number>(n: N) =>
  Promise.all(Array.from({ length: n }, () => createPoster())) as Promise<TTuple<TUser, N>>;

describe("discussions", () => {
  it("answers, replies and mentions reach the asker, the post's author, watchers and the mentioned, once each", async () => {
    const [asker, answerer, mentioned, watcher, replier, muter, stranger] = await posters(7);
    const question = await createThreadFrom(asker, { kind: "QUESTION", body: "Why does it plateau?" });
    await setWatch(watcher, { kind: "thread", id: question.id }, "WATCH");
    await setWatch(muter, { kind: "thread", id: question.id }, "WATCH");
    await setWatch(muter, { kind: "thread", id: question.id }, "MUTE");
    const everyone = [asker, answerer, mentioned, watcher, replier, muter, stranger].map((u) => u.id);

    const a = await answer({
      actor: answerer,
      threadId: question.id,
      input: { body: `Lower the learning rate, @${mentioned.handle} saw the same.\n\n  It  helps.` },
    });
    expect(await typesReceived(everyone)).toEqual({
      [asker.id]: ["answer"],
      [answerer.id]: [],
      [mentioned.id]: ["mention"],
      [watcher.id]: ["answer"],
      [replier.id]: [],
      [muter.id]: [],
      [stranger.id]: [],
    });
    const [toAsker] = await notificationRows(asker.id);
    expect(toAsker).toMatchObject({
      groupKey: `answer:${question.id}`,
      actorIds: [answerer.id],
      threadId: question.id,
      postId: a.id,
      excerpt: `Lower the learning rate, @${mentioned.handle} saw the same. It helps.`,
    });
    const [view] = (await listNotifications(asker.id)).items;
    expect(view).toMatchObject({
      type: "answer",
      actors: [answerer.handle],
      subject: { kind: "thread", href: `/discussions/${question.id}#post-${a.id}`, title: question.title },
      excerpt: toAsker!.excerpt,
      read: false,
    });

    // A reply under the answer: its author hears "reply", and so do the asker (their thread) and the watcher.
    await reply({ actor: replier, threadId: question.id, input: { body: "Which rate?", parentId: a.id } });
    expect(await typesReceived(everyone)).toMatchObject({
      [asker.id]: ["answer", "reply"],
      [answerer.id]: ["reply"],
      [watcher.id]: ["answer", "reply"],
      [muter.id]: [],
      [replier.id]: [],
    });
    // The asker mutes the thread: the next reply reaches only the watcher (collapsed into the unread row).
    await setWatch(asker, { kind: "thread", id: question.id }, "MUTE");
    await reply({ actor: stranger, threadId: question.id, input: { body: "Same here." } });
    expect((await notificationRows(asker.id)).map((r) => [r.type, r.count])).toEqual([
      ["reply", 1],
      ["answer", 1],
    ]);
    const watcherReply = (await notificationRows(watcher.id)).find((r) => r.type === "reply")!;
    expect([watcherReply.count, watcherReply.actorIds]).toEqual([2, [stranger.id, replier.id]]);
  });

  it("notifies a mention only to someone who can see the thread, and never the author mentioning themselves", async () => {
    const [owner, reader] = await posters(2);
    const { config: secret } = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    await createThreadFrom(owner, { configId: secret.id, body: `@${reader.handle} look at this @${owner.handle}` });
    expect(await typesReceived([owner.id, reader.id])).toEqual({ [owner.id]: [], [reader.id]: [] });
    const open = await createThreadFrom(owner, { body: `@${reader.handle} look at this` });
    expect(await notificationRows(reader.id)).toMatchObject([{ type: "mention", threadId: open.id }]);
  });

  it("notifies only the mentions an edit adds, once ever, to whoever may hear of them; only the author edits", async () => {
    const [author, already, added, muter, quiet, later] = await posters(6);
    const thread = await createThreadFrom(author, { body: `Ping @${already.handle}` });
    await setWatch(muter, { kind: "thread", id: thread.id }, "MUTE");
    await setPreference(quiet.id, "mention", false);
    const everyone = [author, already, added, muter, quiet, later].map((u) => u.id);
    const edit = (body: string, postId = thread.openingPostId, actor: TUser = author) =>
      editPost({ actor, postId, input: { body } });

    const body = `Ping @${already.handle} and @${added.handle}, @${muter.handle}, @${quiet.handle} (@${author.handle})`;
    await edit(body);
    expect(await typesReceived(everyone)).toEqual({
      [author.id]: [],
      [already.id]: ["mention"],
      [added.id]: ["mention"],
      [muter.id]: [],
      [quiet.id]: [],
      [later.id]: [],
    });
    expect((await notificationRows(already.id)).map((r) => r.count)).toEqual([1]); // from the create, not again
    expect(await notificationRows(added.id)).toMatchObject([
      {
        type: "mention",
        groupKey: `mention:${thread.id}`,
        count: 1,
        actorIds: [author.id],
        threadId: thread.id,
        postId: thread.openingPostId,
        excerpt: body,
      },
    ]);

    // Taken out and put back (after the first was read, or not): nothing new, however often.
    await edit(`Ping @${already.handle}`);
    await markRead(added.id, "all");
    await edit(`Ping @${already.handle} and @${added.handle} again`);
    await edit(`Ping @${already.handle} and @${added.handle} once more`);
    expect((await notificationRows(added.id)).map((r) => [r.count, r.readAt !== null])).toEqual([[1, true]]);

    // A reply edited to mention someone: about the reply.
    const more = await reply({ actor: author, threadId: thread.id, input: { body: "More to come." } });
    await edit(`More to come, @${later.handle}?`, more.id);
    expect(await notificationRows(later.id)).toMatchObject([
      { type: "mention", postId: more.id, actorIds: [author.id] },
    ]);

    // Nobody else edits a post, moderators included: no mention in the author's name.
    const moderator = await createStaff("MODERATOR");
    const stranger = (await posters(1))[0];
    for (const actor of [moderator, stranger])
      expect((await failure(edit(`@${stranger.handle} @${moderator.handle}`, more.id, actor))).code).toBe("FORBIDDEN");
    expect(await typesReceived([moderator.id, stranger.id])).toEqual({ [moderator.id]: [], [stranger.id]: [] });

    // A thread on a private config: a mention added by an edit reaches only someone who can see it.
    const { config: secret } = await createConfigFrom("mlp", { visibility: "PRIVATE" }, author);
    const hidden = await createThreadFrom(author, { configId: secret.id });
    await edit(`@${stranger.handle} look`, hidden.openingPostId);
    expect(await notificationRows(stranger.id)).toEqual([]);
  });

  it("collapses ten replies posted at once into one notification with count 10", async () => {
    const [author, ...repliers] = await posters(11);
    const thread = await createThreadFrom(author);
    await Promise.all(repliers.map((r, i) => reply({ actor: r, threadId: thread.id, input: { body: `+${i}` } })));
    const rows = await notificationRows(author.id);
    expect(rows.map((r) => [r.type, r.count])).toEqual([["reply", 10]]);
    const [view] = (await listNotifications(author.id)).items;
    expect([view!.actors.length, view!.actorCount]).toEqual([5, 10]);
  });

  it("counts everyone who replied, not only the five kept: seven repliers are the latest and 6 others", async () => {
    const [author, ...repliers] = await posters(8);
    const thread = await createThreadFrom(author);
    for (const [i, r] of repliers.entries()) await reply({ actor: r, threadId: thread.id, input: { body: `+${i}` } });
    // The first two repliers, pushed out of the five kept, reply again: still seven people (nine replies).
    for (const r of repliers.slice(0, 2)) await reply({ actor: r, threadId: thread.id, input: { body: "Again." } });
    const [view] = (await listNotifications(author.id)).items;
    expect(view).toMatchObject({ type: "reply", count: 9, actorCount: 7 });
    expect(view!.actors).toEqual([repliers[1]!, repliers[0]!, ...repliers.slice(4).reverse()].map((u) => u.handle));
  });

  it("tells the answer's author it was accepted, or that it is a verified fix, once per acceptance", async () => {
    const { asker, answerer, thread, answer: fix } = await createRunQuestion({ before: 0.81, after: 0.86 });
    await acceptAnswer({ actor: asker, threadId: thread.id, input: { postId: fix.id } });
    await acceptAnswer({ actor: asker, threadId: thread.id, input: { postId: fix.id } }); // unchanged: nothing new
    expect(await notificationRows(answerer.id)).toMatchObject([
      { type: "verifiedFix", count: 1, postId: fix.id, values: { metric: "accuracy", before: 0.81, after: 0.86 } },
    ]);

    const plain = await createThreadFrom(asker, { kind: "QUESTION" });
    const other = await answer({ actor: answerer, threadId: plain.id, input: { body: "Try dropout." } });
    await acceptAnswer({ actor: asker, threadId: plain.id, input: { postId: other.id } });
    expect((await notificationRows(answerer.id))[0]).toMatchObject({ type: "accepted", postId: other.id });
    // Accepting your own answer says nothing to you.
    const own = await answer({ actor: asker, threadId: plain.id, input: { body: "Solved it myself." } });
    const before = (await notificationRows(asker.id)).length;
    await acceptAnswer({ actor: asker, threadId: plain.id, input: { postId: own.id } });
    expect(await notificationRows(asker.id)).toHaveLength(before);
  });
});

describe("runs and configs", () => {
  async function runOf(owner: Awaited<ReturnType<typeof createUser>>) {
    const { version } = await createSampleDataset("iris", owner);
    const { config, revision } = await createConfigFrom("logisticRegression", {}, owner);
    return createTrainingRun({
      userId: owner.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
    });
  }

  /** What the worker does at a final status: the status write and the hook in one transaction. */
  const finish = (runId: string, status: "SUCCEEDED" | "FAILED", error: string | null = null) =>
    getPrisma().$transaction(async (tx) => {
      await tx.run.update({ where: { id: runId }, data: { status, error, finishedAt: new Date() } });
      return notifyRunOutcome(runId, tx);
    });

  it("tells the owner and the run's watchers that it finished or failed, unless muted", async () => {
    const [owner, watcher, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const ok = await runOf(owner);
    const bad = await runOf(owner);
    await setWatch(watcher, { kind: "run", id: ok.id }, "WATCH");
    await setWatch(owner, { kind: "run", id: bad.id }, "MUTE");
    await setWatch(watcher, { kind: "run", id: bad.id }, "WATCH");
    expect((await finish(ok.id, "SUCCEEDED")).sort()).toEqual([owner.id, watcher.id].sort());
    expect(await finish(bad.id, "FAILED", "runErrors.nanLoss")).toEqual([watcher.id]);
    expect(await typesReceived([owner.id, watcher.id, stranger.id])).toEqual({
      [owner.id]: ["runFinished"],
      [watcher.id]: ["runFinished", "runFailed"],
      [stranger.id]: [],
    });
    const [failed] = (await listNotifications(watcher.id, { filter: "runs" })).items;
    expect(failed).toMatchObject({
      type: "runFailed",
      actors: [],
      subject: { kind: "run", href: `/runs/${bad.id}` },
      values: { error: "runErrors.nanLoss" },
    });
    // Nothing for a run that is not final.
    const running = await runOf(owner);
    expect(await getPrisma().$transaction((tx) => notifyRunOutcome(running.id, tx))).toEqual([]);
    await getPrisma().run.update({ where: { id: running.id }, data: { status: "CANCELED" } });
  });

  it("tells a run's watchers, not its owner, of the owner's cancel; the owner hears of anyone else's", async () => {
    const [owner, watcher, muter] = await Promise.all([createUser(), createUser(), createUser()]);
    const queued = await runOf(owner);
    await getPrisma().run.update({ where: { id: queued.id }, data: { status: "QUEUED", attempt: 0 } });
    await setWatch(watcher, { kind: "run", id: queued.id }, "WATCH");
    await setWatch(muter, { kind: "run", id: queued.id }, "WATCH");
    await setWatch(muter, { kind: "run", id: queued.id }, "MUTE");
    expect(await cancelRun({ actor: owner, runId: queued.id })).toBe("CANCELED");
    expect(await typesReceived([owner.id, watcher.id, muter.id])).toEqual({
      [owner.id]: [],
      [watcher.id]: ["runCanceled"],
      [muter.id]: [],
    });
    const [view] = (await listNotifications(watcher.id, { filter: "runs" })).items;
    expect(view).toMatchObject({
      type: "runCanceled",
      actors: [owner.handle],
      actorCount: 1,
      subject: { kind: "run", href: `/runs/${queued.id}` },
    });

    // A running run: cancelRun only asks; the worker's write (worker/training/train-run.ts) says it, as the owner's.
    const running = await runOf(owner);
    await setWatch(watcher, { kind: "run", id: running.id }, "WATCH");
    expect(await cancelRun({ actor: owner, runId: running.id })).toBe("CANCELING");
    expect(await typesReceived([watcher.id])).toEqual({ [watcher.id]: ["runCanceled"] });
    await getPrisma().run.update({ where: { id: running.id }, data: { status: "CANCELED" } });

    // Canceled by the platform (no actor), or by someone else: the owner hears of it too.
    const stopped = await runOf(owner);
    await setWatch(watcher, { kind: "run", id: stopped.id }, "WATCH");
    const written = await getPrisma().$transaction(async (tx) => {
      await tx.run.update({ where: { id: stopped.id }, data: { status: "CANCELED", finishedAt: new Date() } });
      return notifyRunOutcome(stopped.id, tx);
    });
    expect(written.sort()).toEqual([owner.id, watcher.id].sort());
    expect(await notificationRows(owner.id)).toMatchObject([
      { type: "runCanceled", runId: stopped.id, actorIds: [], values: null },
    ]);
    // The owner switched cancels off: nothing.
    await setPreference(owner.id, "runCanceled", false);
    const again = await runOf(owner);
    await getPrisma().$transaction(async (tx) => {
      await tx.run.update({ where: { id: again.id }, data: { status: "CANCELED", finishedAt: new Date() } });
      return notifyRunOutcome(again.id, tx, { canceledBy: null });
    });
    expect(await notificationRows(owner.id)).toHaveLength(1);
  });

  it("tells a config's owner of a fork, and once when a fork's run first beats their best on the board", async () => {
    const [parentOwner, forker] = await Promise.all([createUser(), createUser()]);
    const { version } = await createSampleDataset("iris", parentOwner);
    const parent = await createConfigFrom("logisticRegression", { designedForVersionId: version.id }, parentOwner);
    const scored = (userId: string, c: { id: string }, revisionId: string, accuracy: number) =>
      createScoredRun({
        userId,
        configId: c.id,
        configRevisionId: revisionId,
        datasetVersionId: version.id,
        publicScores: { accuracy },
        privateScores: { accuracy: 0.99 }, // the private half never decides, nor shows
      });
    await scored(parentOwner.id, parent.config, parent.revision.id, 0.8);

    const fork = await forkConfig({ actor: forker, configId: parent.config.id });
    await forkConfig({ actor: parentOwner, configId: parent.config.id }); // one's own fork: nothing
    expect(await notificationRows(parentOwner.id)).toMatchObject([
      { type: "forked", configId: parent.config.id, actorIds: [forker.id] },
    ]);
    const [forkedView] = (await listNotifications(parentOwner.id, { filter: "configs" })).items;
    expect(forkedView!.subject).toEqual({
      kind: "config",
      href: `/configs/${parentOwner.handle}/${parent.config.slug}/lineage`,
      title: parent.config.title,
    });

    await scored(forker.id, fork.config, fork.revision.id, 0.7); // below: nothing
    expect(await notificationRows(parentOwner.id)).toHaveLength(1);
    const beating = await scored(forker.id, fork.config, fork.revision.id, 0.9);
    await scored(forker.id, fork.config, fork.revision.id, 0.95); // already beaten by this fork: nothing new
    const rows = await notificationRows(parentOwner.id);
    expect(rows.map((r) => r.type)).toEqual(["forkBeatYou", "forked"]);
    expect(rows[0]).toMatchObject({
      runId: beating.id,
      configId: parent.config.id,
      actorIds: [forker.id],
      values: { metric: "accuracy", score: 0.9, yourScore: 0.8 },
    });
    expect(await notificationRows(forker.id)).toEqual([]);
  });
});

describe("competitions", () => {
  it("announces start, end and reveal once each to entrants and watchers who can see the dataset", async () => {
    const [owner, entrant, watcher, muter, stranger] = await posters(5);
    const { dataset, version } = await createSampleDataset("iris", owner);
    for (const user of [entrant, muter]) {
      const { config, revision } = await createConfigFrom("logisticRegression", {}, user);
      await createScoredRun({
        userId: user.id,
        configId: config.id,
        configRevisionId: revision.id,
        datasetVersionId: version.id,
        publicScores: { accuracy: 0.5 },
      });
    }
    await setWatch(watcher, { kind: "dataset", id: dataset.id }, "WATCH");
    await setWatch(muter, { kind: "dataset", id: dataset.id }, "MUTE");
    const now = Date.now();
    const competition = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      input: {
        title: "Iris cup",
        metric: "accuracy",
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        dailyLimit: "2",
        totalLimit: "3",
        finalLimit: "1",
      },
    });
    const everyone = [owner, entrant, watcher, muter, stranger].map((u) => u.id);
    await competitionNotifications(new Date(now));
    await competitionNotifications(new Date(now)); // a second sweep: nothing new
    expect(await typesReceived(everyone)).toEqual({
      [owner.id]: ["competitionStarted"],
      [entrant.id]: ["competitionStarted"],
      [watcher.id]: ["competitionStarted"],
      [muter.id]: [],
      [stranger.id]: [],
    });
    const after = new Date(competition.endsAt.getTime() + 1_000);
    await competitionNotifications(after);
    await competitionNotifications(after);
    const types = await typesReceived(everyone);
    expect(types[entrant.id]!.sort()).toEqual(["competitionEnded", "competitionRevealed", "competitionStarted"]);
    expect(types[muter.id]).toEqual([]);
    const [view] = (await listNotifications(entrant.id, { filter: "competitions" })).items;
    expect(view!.subject).toEqual({
      kind: "competition",
      href: `/leaderboards/${owner.handle}/${dataset.slug}?v=${version.number}`,
      title: "Iris cup",
    });
    expect(await getPrisma().competitionNotice.count({ where: { competitionId: competition.id } })).toBe(3);
  });
});
