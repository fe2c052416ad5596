import { describe, expect, it } from "vitest";
import type { TSessionUser } from "../auth/session";
import { answer } from "../discussions/mutations";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import type { TViewer } from "../permissions/visibility";
import {
  bestPlacements,
  profileAnswers,
  profileConfigs,
  profileCounts,
  profileDatasets,
  profileQuestions,
  profileRuns,
  ZProfileQuery,
} from "./queries";

type TVis = "PUBLIC" | "UNLISTED" | "PRIVATE";
const VISIBILITIES: TVis[] = ["PUBLIC", "UNLISTED", "PRIVATE"];

/** A user with one dataset, config, scored run, question (on that config) and answer per visibility. */
async function ownerWithEverything() {
  const owner = await createPoster();
  const made: Record<TVis, { datasetId: string; configId: string; runId: string; threadId: string; postId: string }> =
    {} as never;
  const general = await createThreadFrom(owner, { kind: "QUESTION", title: "A general question" });
  for (const visibility of VISIBILITIES) {
    const { dataset, version } = await createSampleDataset("iris", owner, { visibility, title: `Iris ${visibility}` });
    const { config, revision } = await createConfigFrom("mlp", { visibility, title: `Net ${visibility}` }, owner);
    const run = await createScoredRun({
      userId: owner.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.9 },
    });
    const thread = await createThreadFrom(owner, { kind: "QUESTION", configId: config.id });
    const post = await answer({ actor: owner, threadId: thread.id, input: { body: `Answer on ${visibility}` } });
    made[visibility] = {
      datasetId: dataset.id,
      configId: config.id,
      runId: run.id,
      threadId: thread.id,
      postId: post.id,
    };
  }
  const generalAnswer = await answer({ actor: owner, threadId: general.id, input: { body: "Answered myself." } });
  return { owner, made, general, generalAnswer };
}

describe("profile lists", () => {
  it("list only what the viewer may list: a visitor never sees the user's unlisted or private things", async () => {
    const { owner, made, general, generalAnswer } = await ownerWithEverything();
    const stranger: TSessionUser = await createUser();
    const ids = async (viewer: TViewer) => ({
      datasets: (await profileDatasets(owner.id, viewer)).items.map((d) => d.id),
      configs: (await profileConfigs(owner.id, viewer)).items.map((c) => c.id),
      runs: (await profileRuns(owner.id, viewer)).items.map((r) => r.id),
      questions: (await profileQuestions(owner.id, viewer)).items.map((q) => q.id),
      answers: (await profileAnswers(owner.id, viewer)).items.map((a) => a.id),
    });
    const expected = (shown: TVis[]) => ({
      datasets: shown.map((v) => made[v].datasetId),
      configs: shown.map((v) => made[v].configId),
      runs: shown.map((v) => made[v].runId),
      questions: [...shown.map((v) => made[v].threadId), general.id],
      answers: [generalAnswer.id, ...shown.map((v) => made[v].postId)],
    });
    const sorted = (o: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
    for (const viewer of [null, stranger]) {
      expect(sorted(await ids(viewer))).toEqual(sorted(expected(["PUBLIC"])));
      expect(await profileCounts(owner.id, viewer)).toEqual({
        datasets: 1,
        configs: 1,
        runs: 1,
        questions: 2,
        answers: 2,
        followers: 0,
        following: 0,
      });
    }
    // The owner sees their own, whatever the visibility.
    expect(sorted(await ids(owner))).toEqual(sorted(expected(VISIBILITIES)));
    expect(await profileCounts(owner.id, owner)).toEqual({
      datasets: 3,
      configs: 3,
      runs: 3,
      questions: 4,
      answers: 4,
      followers: 0,
      following: 0,
    });
  });

  it("page by 20", async () => {
    const owner = await createPoster();
    for (let i = 0; i < 21; i++) await createThreadFrom(owner, { kind: "QUESTION", title: `Question number ${i}` });
    const first = await profileQuestions(owner.id, null, 1);
    const second = await profileQuestions(owner.id, null, 2);
    expect([first.items.length, second.items.length, first.pageCount, first.total]).toEqual([20, 1, 2, 21]);
    expect(new Set([...first.items, ...second.items].map((q) => q.id)).size).toBe(21);
  });

  it("read tab and page from the URL leniently", () => {
    expect(ZProfileQuery.parse({ tab: "runs", page: "3" })).toMatchObject({ tab: "runs", page: 3 });
    expect(ZProfileQuery.parse({ tab: "secrets", page: "1e40" })).toMatchObject({ tab: "activity", page: 1 });
  });
});

describe("best placements", () => {
  it("show public scores on boards the viewer may list, with the board's rank", async () => {
    const [owner, rival] = await Promise.all([createPoster(), createPoster()]);
    const board = async (visibility: TVis, mine: number, theirs: number) => {
      const { dataset, version } = await createSampleDataset("iris", owner, { visibility });
      for (const [user, accuracy] of [
        [owner, mine],
        [rival, theirs],
      ] as const) {
        const { config, revision } = await createConfigFrom("mlp", {}, user);
        await createScoredRun({
          userId: user.id,
          configId: config.id,
          configRevisionId: revision.id,
          datasetVersionId: version.id,
          publicScores: { accuracy },
          privateScores: { accuracy: 0.123 },
        });
      }
      return dataset.id;
    };
    await board("PUBLIC", 0.7, 0.8);
    await board("PRIVATE", 0.9, 0.5);
    const seen = await bestPlacements(owner.id, null);
    expect(seen.map((p) => [p.rank, p.entrants, p.metric, p.publicScore])).toEqual([[2, 2, "accuracy", 0.7]]);
    expect(JSON.stringify(seen)).not.toContain("0.123");
    const own = await bestPlacements(owner.id, owner);
    expect(own.map((p) => [p.rank, p.publicScore])).toEqual([
      [1, 0.9],
      [2, 0.7],
    ]);
  });
});
