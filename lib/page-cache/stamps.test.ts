import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser, uniqueSuffix } from "../factories/users";
import { createCompetition, setFinalSubmissions, setPrivateRevealed } from "../leaderboards/competitions";
import { boardPageStamp, boardPageState, boardsIndexStamp, boardsIndexState } from "./stamps";

/**
 * A cached board page is served only while its stamp matches, so every change a
 * signed-out visitor could see must change the stamp, and unrelated writes should not.
 */
async function scoredBoard() {
  const owner = await createUser();
  const { dataset, version } = await createSampleDataset("iris", owner);
  const player = await createUser();
  const { config, revision } = await createConfigFrom(
    "logisticRegression",
    { designedForVersionId: version.id },
    player,
  );
  const score = (accuracy: number, queuedAt = new Date()) =>
    createScoredRun({
      userId: player.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy },
      queuedAt,
    });
  const run = await score(0.8);
  const stamp = (now = new Date()) => boardPageStamp(owner.handle, dataset.slug, now);
  return { owner, dataset, version, player, config, run, score, stamp };
}

describe("board page stamps", () => {
  it("stay the same while nothing changes, and ignore writes a board does not show", async () => {
    const { config, dataset, stamp } = await scoredBoard();
    const before = await stamp();
    expect(before).toMatch(/^[\w-]{20,}$/);
    expect(await stamp()).toBe(before);
    // A star or a new description is not on the board: no re-render for it.
    await getPrisma().config.update({
      where: { id: config.id },
      data: { starCount: { increment: 1 }, description: "tweaked" },
    });
    expect(await stamp()).toBe(before);
    // The dataset's row is (title, metric choice): any write to it counts.
    await getPrisma().dataset.update({ where: { id: dataset.id }, data: { description: "new words" } });
    expect(await stamp()).not.toBe(before);
  });

  it("change with a new result and when a run with scores is deleted", async () => {
    const { run, score, stamp } = await scoredBoard();
    const before = await stamp();
    await score(0.7); // not the user's best: the best-per-user row keeps its run, but the all-runs view changes
    const afterResult = await stamp();
    expect(afterResult).not.toBe(before);
    await getPrisma().run.delete({ where: { id: run.id } });
    expect(await stamp()).not.toBe(afterResult);
  });

  it("change when a shown name changes: a config's title or visibility, a user's handle, the dataset's title", async () => {
    const { config, player, dataset, stamp } = await scoredBoard();
    const db = getPrisma();
    const seen = new Set([await stamp()]);
    const step = async (write: () => Promise<unknown>) => {
      await write();
      const next = await stamp();
      expect(seen.has(next!)).toBe(false);
      seen.add(next!);
    };
    await step(() => db.config.update({ where: { id: config.id }, data: { title: "Renamed config" } }));
    await step(() => db.config.update({ where: { id: config.id }, data: { visibility: "PRIVATE" } }));
    await step(() => db.user.update({ where: { id: player.id }, data: { handle: `renamed-${uniqueSuffix()}` } }));
    await step(() => db.dataset.update({ where: { id: dataset.id }, data: { title: "Renamed dataset" } }));
  });

  it("change when private scores are revealed, a competition opens, finals change and the competition ends", async () => {
    // A version once revealed can never hold a competition, so the reveal is tried on a board of its own.
    const shown = await scoredBoard();
    const hidden = await shown.stamp();
    await setPrivateRevealed({ actor: shown.owner, datasetVersionId: shown.version.id, revealed: true });
    const revealed = await shown.stamp();
    expect(revealed).not.toBe(hidden);
    await setPrivateRevealed({ actor: shown.owner, datasetVersionId: shown.version.id, revealed: false });
    expect(await shown.stamp()).not.toBe(revealed);

    const { owner, version, player, run, stamp } = await scoredBoard();
    const before = await stamp();

    const now = Date.now();
    const minute = (n: number) => new Date(Math.floor(now / 60_000) * 60_000 + n * 60_000).toISOString().slice(0, 16);
    const competition = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      input: {
        title: "Cup",
        metric: "accuracy",
        startsAt: minute(-60),
        endsAt: minute(60),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "2",
      },
    });
    const open = await stamp();
    expect(open).not.toBe(before);
    await setFinalSubmissions({ actor: player, competitionId: competition.id, runIds: [run.id] });
    const finals = await stamp();
    expect(finals).not.toBe(open);
    // The same data seen after the deadline: the phase (and with it the private board) differs.
    expect(await stamp(new Date(competition.endsAt.getTime() + 1_000))).not.toBe(finals);
    expect(await stamp(new Date(competition.endsAt.getTime() - 1_000))).toBe(finals);
  });

  it("are null for unknown and private datasets, which are never cached", async () => {
    const { owner, dataset, stamp } = await scoredBoard();
    expect(await boardPageStamp(owner.handle, "no-such-dataset")).toBeNull();
    expect(await boardPageStamp(owner.handle.toUpperCase(), dataset.slug)).toBe(await stamp());
    await getPrisma().dataset.update({ where: { id: dataset.id }, data: { visibility: "PRIVATE" } });
    expect(await stamp()).toBeNull();
  });
});

describe("leaderboards index stamp", () => {
  it("changes with any board's result and with the minute", async () => {
    const { score } = await scoredBoard();
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
    const before = await boardsIndexStamp(now);
    await score(0.95);
    const after = await boardsIndexStamp(now);
    expect(after).not.toBe(before);
    expect(await boardsIndexStamp(new Date(now.getTime() + 60_000))).not.toBe(after);
  });
});

describe("stamp validity", () => {
  it("ends at the next competition boundary for a board, and at the next minute for the index", async () => {
    const { owner, dataset, version } = await scoredBoard();
    const now = new Date();
    const minute = (n: number) =>
      new Date(Math.floor(now.getTime() / 60_000) * 60_000 + n * 60_000).toISOString().slice(0, 16);
    expect(await boardPageState(owner.handle, dataset.slug, now)).toMatchObject({
      datasetId: dataset.id,
      validUntil: Infinity,
    });
    const competition = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      input: {
        title: "Cup",
        metric: "accuracy",
        startsAt: minute(-60),
        endsAt: minute(60),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "2",
      },
    });
    // "Ended" is past endsAt (phaseOf): the stamp is good until the first instant after it.
    expect((await boardPageState(owner.handle, dataset.slug, now))?.validUntil).toBe(competition.endsAt.getTime() + 1);
    expect(
      (await boardPageState(owner.handle, dataset.slug, new Date(competition.startsAt.getTime() - 1)))?.validUntil,
    ).toBe(competition.startsAt.getTime());
    expect((await boardsIndexState(now)).validUntil).toBe((Math.floor(now.getTime() / 60_000) + 1) * 60_000);
  });
});
