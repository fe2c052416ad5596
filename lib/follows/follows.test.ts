import { describe, expect, it } from "vitest";
import { followsAnything, listFollowedFeed, listNotable, type TActivityItem } from "../activity/queries";
import { addDatasetVersion } from "../datasets/mutations";
import { updateDatasetMeta } from "../datasets/update";
import { getPrisma } from "../db";
import { acceptAnswer, unacceptAnswer } from "../discussions/answers";
import { answer } from "../discussions/mutations";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset, sampleBytes, stageBytes } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { failure } from "../factories/failure";
import { createStaff } from "../factories/moderation";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { createCompetition } from "../leaderboards/competitions";
import { setHidden } from "../moderation/mutations";
import { profileCounts, profileFollowers, profileFollowing } from "../profiles/queries";
import { setFollow } from "./mutations";
import { followState } from "./queries";
import { MAX_FOLLOWS } from "./schemas";

/*
 * Follows and the feeds they make, against the real database: each event through the domain function that makes it,
 * each feed read as the viewer reads it.
 */

const db = getPrisma();

/** Every entry of a user's followed feed, paging through it. */
async function wholeFeed(userId: string, limit = 3) {
  const items: TActivityItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Awaited<ReturnType<typeof listFollowedFeed>> = await listFollowedFeed({ userId, cursor, limit });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}
const kinds = (items: TActivityItem[]) => items.map((i) => `${i.kind} @${i.actor.handle}`);

describe("following", () => {
  it("follows and unfollows users and datasets idempotently, and counts followers", async () => {
    const [fan, author] = await Promise.all([createUser(), createUser()]);
    const { dataset } = await createSampleDataset("iris", author);
    expect(await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: true })).toEqual({
      following: true,
      followers: 1,
    });
    await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: true }); // a double click
    await setFollow({ actor: fan, target: { kind: "dataset", id: dataset.id }, following: true });
    expect(await followState(fan, { kind: "user", id: author.id })).toEqual({ following: true, followers: 1 });
    expect(await followState(null, { kind: "dataset", id: dataset.id })).toEqual({ following: false, followers: 1 });
    expect(await followsAnything(fan.id)).toBe(true);
    const counts = await profileCounts(author.id, null);
    expect([counts.followers, counts.following]).toEqual([1, 0]);
    expect((await profileFollowers(author.id, null)).items.map((f) => f.user.handle)).toEqual([fan.handle]);
    const following = await profileFollowing(fan.id, null);
    expect(following.items.map((f) => f.user?.handle ?? f.dataset?.title)).toEqual([dataset.title, author.handle]);
    await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: false });
    await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: false });
    expect(await followState(fan, { kind: "user", id: author.id })).toEqual({ following: false, followers: 0 });
  });

  it("refuses following oneself, unknown or invisible things and bad input, changing nothing", async () => {
    const [me, other] = await Promise.all([createUser(), createUser()]);
    const { dataset } = await createSampleDataset("iris", other, { visibility: "PRIVATE" });
    expect(await failure(setFollow({ actor: me, target: { kind: "user", id: me.id }, following: true }))).toMatchObject(
      { code: "INVALID_INPUT", key: "followErrors.self" },
    );
    for (const target of [
      { kind: "dataset", id: dataset.id },
      { kind: "user", id: "nobody-here" },
    ])
      expect((await failure(setFollow({ actor: me, target, following: true }))).code).toBe("NOT_FOUND");
    for (const target of [{ kind: "config", id: other.id }, { kind: "user", id: "" }, null, "x"])
      expect((await failure(setFollow({ actor: me, target, following: true }))).code).toBe("INVALID_INPUT");
    expect(await db.follow.count({ where: { followerId: me.id } })).toBe(0);
  });

  it(`stops at ${MAX_FOLLOWS} follows with a message naming the limit, even when requests race`, async () => {
    const me = await createUser();
    const others = await Promise.all([createUser(), createUser(), createUser()]);
    // Fill up to two below the limit directly (making a thousand users through sign-up would be the slow part).
    const fillers = await db.user.createManyAndReturn({
      data: Array.from({ length: MAX_FOLLOWS - 2 }, (_, i) => ({ handle: `f${i}-${me.handle}`.slice(0, 39) })),
      select: { id: true },
    });
    await db.follow.createMany({ data: fillers.map((f) => ({ followerId: me.id, userId: f.id })) });
    const results = await Promise.allSettled(
      others.map((o) => setFollow({ actor: me, target: { kind: "user", id: o.id }, following: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: "CONFLICT",
      key: "followErrors.tooMany",
      values: { limit: MAX_FOLLOWS },
    });
    expect(await db.follow.count({ where: { followerId: me.id } })).toBe(MAX_FOLLOWS);
    await db.user.deleteMany({ where: { id: { in: fillers.map((f) => f.id) } } });
  });

  it("hides what a user follows from others when it is not listed to them", async () => {
    const [fan, owner] = await Promise.all([createUser(), createUser()]);
    const { dataset } = await createSampleDataset("iris", owner);
    await setFollow({ actor: fan, target: { kind: "dataset", id: dataset.id }, following: true });
    await updateDatasetMeta({
      actor: owner,
      datasetId: dataset.id,
      input: {
        title: dataset.title,
        description: "",
        license: "CC0-1.0",
        citation: "",
        tags: "",
        visibility: "PRIVATE",
      },
    });
    expect((await profileFollowing(fan.id, null)).total).toBe(0);
    expect((await profileCounts(fan.id, fan)).following).toBe(0);
    expect((await profileFollowing(fan.id, owner)).total).toBe(1);
  });
});

describe("the followed feed", () => {
  it("shows new versions, #1 runs, accepted answers and competitions from followed people and datasets, newest first", async () => {
    const [fan, author, stranger, asker] = await Promise.all([
      createPoster(),
      createPoster(),
      createPoster(),
      createPoster(),
    ]);
    const { dataset, version } = await createSampleDataset("iris", author);
    const other = await createSampleDataset("penguins", stranger);
    await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: true });
    await setFollow({ actor: fan, target: { kind: "dataset", id: other.dataset.id }, following: true });
    // Before following nothing counts twice: the author's dataset (published before the follow) is still news.
    await addDatasetVersion({
      actor: author,
      datasetId: dataset.id,
      message: "more rows",
      upload: { staged: await stageBytes(sampleBytes("iris")), fileName: "iris.csv" },
    });
    // A stranger's #1 run on the followed dataset; then a worse run, which is no record.
    const config = await createConfigFrom("mlp", {}, stranger);
    const scored = (accuracy: number) =>
      createScoredRun({
        userId: stranger.id,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: other.version.id,
        publicScores: { accuracy },
        privateScores: { accuracy: 0.1 },
      });
    await scored(0.9);
    await scored(0.8);
    // The author's accepted answer on someone else's question.
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const reply = await answer({ actor: author, threadId: question.id, input: { body: "Scale the inputs." } });
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: reply.id } });
    // A competition on the author's dataset.
    await createCompetition({
      actor: author,
      datasetVersionId: version.id,
      input: {
        title: "Iris cup",
        description: "",
        metric: "accuracy",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        dailyLimit: "5",
        totalLimit: "50",
        finalLimit: "1",
      },
    });
    // Things the fan does not follow make nothing in the feed.
    await createSampleDataset("mpg", asker);

    const feed = await wholeFeed(fan.id);
    expect(kinds(feed)).toEqual([
      `competition.opened @${author.handle}`,
      `answer.accepted @${author.handle}`,
      `run.topped @${stranger.handle}`,
      `dataset.versioned @${author.handle}`,
      `dataset.published @${stranger.handle}`,
      `dataset.published @${author.handle}`,
    ]);
    const topped = feed.find((i) => i.kind === "run.topped")!;
    // The public score, never the private half's.
    expect(topped).toMatchObject({
      metric: "accuracy",
      score: 0.9,
      number: 1,
      dataset: { title: other.dataset.title },
    });
    expect(feed.find((i) => i.kind === "dataset.versioned")).toMatchObject({ number: 2 });
    expect(feed.find((i) => i.kind === "answer.accepted")?.thread?.title).toBe(question.title);
    // Pages never repeat or skip an entry, whatever the page size.
    expect((await wholeFeed(fan.id, 1)).map((i) => i.id)).toEqual(feed.map((i) => i.id));
    expect((await wholeFeed(fan.id, 50)).map((i) => i.id)).toEqual(feed.map((i) => i.id));

    // Taking the acceptance back, hiding the thread or making the dataset private removes the entries at once.
    await unacceptAnswer({ actor: asker, threadId: question.id });
    await updateDatasetMeta({
      actor: stranger,
      datasetId: other.dataset.id,
      input: {
        title: other.dataset.title,
        description: "",
        license: "CC0-1.0",
        citation: "",
        tags: "",
        visibility: "UNLISTED",
      },
    });
    expect(kinds(await wholeFeed(fan.id))).toEqual([
      `competition.opened @${author.handle}`,
      `dataset.versioned @${author.handle}`,
      `dataset.published @${author.handle}`,
    ]);
  });

  it("leaves out entries about things hidden by a moderator and everything of a private dataset", async () => {
    const [fan, author, asker] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    await setFollow({ actor: fan, target: { kind: "user", id: author.id }, following: true });
    const question = await createThreadFrom(asker, { kind: "QUESTION" });
    const reply = await answer({
      actor: author,
      threadId: question.id,
      input: { body: "Try a smaller learning rate." },
    });
    await acceptAnswer({ actor: asker, threadId: question.id, input: { postId: reply.id } });
    expect(kinds(await wholeFeed(fan.id))).toEqual([`answer.accepted @${author.handle}`]);
    await setHidden({ actor: moderator, input: { kind: "THREAD", id: question.id, reason: "Spam" } });
    expect(await wholeFeed(fan.id)).toEqual([]);
    // A private dataset writes no entry at all.
    await createSampleDataset("iris", author, { visibility: "PRIVATE" });
    expect(await db.activity.count({ where: { actorId: author.id, kind: "dataset.published" } })).toBe(0);
  });

  it("the site's feed shows notable entries only, never sign-ups", async () => {
    const newcomer = await createUser();
    const { dataset } = await createSampleDataset("iris", newcomer);
    const page = await listNotable({ limit: 200 });
    const mine = page.items.filter((i) => i.actor.handle === newcomer.handle);
    expect(mine.map((i) => i.kind)).toEqual(["dataset.published"]);
    expect(mine[0]?.dataset?.href).toBe(`/datasets/${newcomer.handle}/${dataset.slug}`);
  });
});
