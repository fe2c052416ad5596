import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { createCompetition, setPrivateRevealed } from "./competitions";
import { intervalsOverlap } from "./intervals";
import { getBoardContext, listBoard } from "./queries";

async function player(versionId: string) {
  const user = await createUser();
  const { config, revision } = await createConfigFrom("logisticRegression", { designedForVersionId: versionId }, user);
  return { user, config, revision };
}

type TPlayer = Awaited<ReturnType<typeof player>>;
type TCi = [number, number];
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

function score(
  p: TPlayer,
  versionId: string,
  accuracy: number,
  ci: TCi | null,
  opts: { privateAccuracy?: number; privateCi?: TCi; queuedAt?: Date } = {},
) {
  return createScoredRun({
    userId: p.user.id,
    configId: p.config.id,
    configRevisionId: p.revision.id,
    datasetVersionId: versionId,
    publicScores: { accuracy },
    privateScores: { accuracy: opts.privateAccuracy ?? accuracy },
    publicIntervals: ci ? { accuracy: ci } : undefined,
    privateIntervals: opts.privateCi ? { accuracy: opts.privateCi } : undefined,
    queuedAt: opts.queuedAt,
  });
}

async function boardRows(
  owner: { id: string; handle: string },
  slug: string,
  side: "public" | "private" = "public",
  view: "best" | "all" = "best",
  viewer: { id: string; handle: string } | null = owner,
) {
  const ctx = (await getBoardContext({ owner: owner.handle, slug, metric: "accuracy" }, viewer))!;
  return listBoard(ctx, { view, side, page: 1 }, viewer);
}

describe("score intervals on boards", () => {
  it("are recorded with the scores, on the run's score rows and its best entry", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner);
    const a = await player(version.id);
    const run = await score(a, version.id, 0.8, [0.7, 0.9], { privateAccuracy: 0.6, privateCi: [0.45, 0.75] });
    const db = getPrisma();
    const stored = await db.runScore.findUniqueOrThrow({
      where: { runId_metric: { runId: run.id, metric: "accuracy" } },
    });
    expect([stored.publicLow, stored.publicHigh, stored.privateLow, stored.privateHigh]).toEqual([
      0.7, 0.9, 0.45, 0.75,
    ]);
    const entry = await db.leaderboardEntry.findUniqueOrThrow({
      where: {
        datasetVersionId_metric_userId: { datasetVersionId: version.id, metric: "accuracy", userId: a.user.id },
      },
    });
    expect([entry.publicLow, entry.publicHigh, entry.privateLow, entry.privateHigh]).toEqual([0.7, 0.9, 0.45, 0.75]);

    // A better run replaces the entry, intervals included; a run without intervals (an old one) stores none.
    await score(a, version.id, 0.85, null, { queuedAt: at(5) });
    const better = await db.leaderboardEntry.findUniqueOrThrow({
      where: {
        datasetVersionId_metric_userId: { datasetVersionId: version.id, metric: "accuracy", userId: a.user.id },
      },
    });
    expect([better.publicScore, better.publicLow, better.publicHigh, better.privateLow]).toEqual([
      0.85,
      null,
      null,
      null,
    ]);
  });

  it("mark entries whose interval overlaps the leader's, on the best and the all-runs views", async () => {
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const [a, b, c, d] = await Promise.all([
      player(version.id),
      player(version.id),
      player(version.id),
      player(version.id),
    ]);
    await score(a, version.id, 0.9, [0.84, 0.95], { queuedAt: at(0) });
    await score(b, version.id, 0.86, [0.8, 0.91], { queuedAt: at(1) }); // overlaps the leader's
    await score(c, version.id, 0.7, [0.62, 0.78], { queuedAt: at(2) }); // clearly below
    await score(d, version.id, 0.85, null, { queuedAt: at(3) }); // no interval: never marked

    const best = await boardRows(owner, dataset.slug);
    expect(best.items.map((r) => [r.handle, r.nearLeader, r.publicInterval])).toEqual([
      [a.user.handle, false, [0.84, 0.95]],
      [b.user.handle, true, [0.8, 0.91]],
      [d.user.handle, false, null],
      [c.user.handle, false, [0.62, 0.78]],
    ]);
    const all = await boardRows(owner, dataset.slug, "public", "all");
    expect(all.items.filter((r) => r.nearLeader).map((r) => r.handle)).toEqual([b.user.handle]);
  });

  it("compare a later page's entries with the leader on the first page", async () => {
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    // One after another: 52 users and scores at once can exceed a transaction's wait on a busy 2-core machine.
    const players = [];
    for (let i = 0; i < 52; i++) players.push(await player(version.id));
    // Scores 0.99, 0.98, …; the leader's interval reaches down to 0.47: rank 51 ([0.47, 0.51]) overlaps it, rank 52
    // ([0.3, 0.46]) does not.
    for (const [i, p] of players.entries()) {
      const accuracy = 0.99 - i / 100;
      const ci: TCi = i === 0 ? [0.47, 1] : i === 51 ? [0.3, 0.46] : [accuracy - 0.02, accuracy + 0.02];
      await score(p, version.id, accuracy, ci, { queuedAt: at(i) });
    }
    for (const view of ["best", "all"] as const) {
      const ctx = (await getBoardContext({ owner: owner.handle, slug: dataset.slug, metric: "accuracy" }, owner))!;
      const second = await listBoard(ctx, { view, side: "public", page: 2 }, owner);
      expect(second.items.map((r) => [r.rank, r.nearLeader])).toEqual([
        [51, true],
        [52, false],
      ]);
    }
  });

  it("mark nothing when the leader has no interval", async () => {
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    await score(a, version.id, 0.9, null, { queuedAt: at(0) });
    await score(b, version.id, 0.89, [0.8, 0.95], { queuedAt: at(1) });
    expect((await boardRows(owner, dataset.slug)).items.map((r) => r.nearLeader)).toEqual([false, false]);
  });

  it("use the private intervals on the private board, shown only once the private half is", async () => {
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    // Public: a leads and b is far behind; private: b leads and a's interval overlaps b's.
    await score(a, version.id, 0.9, [0.88, 0.92], { privateAccuracy: 0.7, privateCi: [0.6, 0.8], queuedAt: at(0) });
    await score(b, version.id, 0.6, [0.55, 0.65], { privateAccuracy: 0.75, privateCi: [0.66, 0.84], queuedAt: at(1) });

    const hidden = await boardRows(owner, dataset.slug, "private");
    expect(hidden.privateSide).toBe(false);
    expect(hidden.items.map((r) => [r.privateInterval, r.nearLeader])).toEqual([
      [null, false],
      [null, false],
    ]);

    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
    const shown = await boardRows(owner, dataset.slug, "private", "best", null);
    expect(shown.items.map((r) => [r.handle, r.privateInterval, r.nearLeader])).toEqual([
      [b.user.handle, [0.66, 0.84], false],
      [a.user.handle, [0.6, 0.8], true],
    ]);
    const allRuns = await boardRows(owner, dataset.slug, "private", "all", null);
    expect(allRuns.items.map((r) => r.nearLeader)).toEqual([false, true]);
    // The public side of the same board keeps its own leader and intervals.
    const publicSide = await boardRows(owner, dataset.slug, "public", "best", null);
    expect(publicSide.items.map((r) => [r.handle, r.nearLeader])).toEqual([
      [a.user.handle, false],
      [b.user.handle, false],
    ]);
  });

  it("keep the private intervals off a running competition's board", async () => {
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const now = new Date();
    await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      now,
      input: {
        title: "Cup",
        metric: "accuracy",
        startsAt: new Date(now.getTime() - 3_600_000).toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "2",
      },
    });
    const a = await player(version.id);
    await score(a, version.id, 0.8, [0.7, 0.9], { privateAccuracy: 0.6, privateCi: [0.517, 0.683] });
    const rows = await boardRows(owner, dataset.slug, "private");
    expect(rows.privateSide).toBe(false);
    expect(rows.items[0]).toMatchObject({ publicInterval: [0.7, 0.9], privateInterval: null, privateScore: null });
    expect(JSON.stringify(rows)).not.toContain("0.517");
  });
});

describe("intervalsOverlap", () => {
  it("is true when the intervals share a point, false when apart or when one is missing", () => {
    expect(intervalsOverlap([0.1, 0.5], [0.5, 0.9])).toBe(true);
    expect(intervalsOverlap([0.6, 0.9], [0.1, 0.7])).toBe(true);
    expect(intervalsOverlap([0.1, 0.4], [0.5, 0.9])).toBe(false);
    expect(intervalsOverlap(null, [0.5, 0.9])).toBe(false);
  });
});
