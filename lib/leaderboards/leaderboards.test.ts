import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { forkConfig } from "../configs/mutations";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { closeTrainingQueue, getTrainingQueue } from "../queue/training";
import { cancelRun, submitRun } from "../runs/mutations";
import { admitSubmission, createCompetition, setFinalSubmissions, setPrivateRevealed } from "./competitions";
import { boardHistory, getBoardContext, listBoard, userRank } from "./queries";
import { recordRunResult } from "./record";

// No worker listens on this prefix: submitted runs stay queued.
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "ty-test"}-boards-${process.pid}`;
afterAll(async () => {
  await getTrainingQueue()
    .obliterate({ force: true })
    .catch(() => {});
  await closeTrainingQueue();
});

type TUser = Awaited<ReturnType<typeof createUser>>;
const MINUTE = 60_000;

async function board() {
  const owner = await createUser();
  const { dataset, version } = await createSampleDataset("iris", owner);
  return { owner, dataset, version };
}

async function player(versionId: string) {
  const user = await createUser();
  const { config, revision } = await createConfigFrom("logisticRegression", { designedForVersionId: versionId }, user);
  return { user, config, revision };
}

type TPlayer = Awaited<ReturnType<typeof player>>;

function score(
  p: TPlayer,
  versionId: string,
  scores: Record<string, number>,
  opts: { privateScores?: Record<string, number>; queuedAt?: Date } = {},
) {
  return createScoredRun({
    userId: p.user.id,
    configId: p.config.id,
    configRevisionId: p.revision.id,
    datasetVersionId: versionId,
    publicScores: scores,
    ...opts,
  });
}

async function rows(
  owner: TUser,
  dataset: { slug: string },
  query: { metric?: string; view?: "best" | "all"; side?: "public" | "private"; page?: number } = {},
  viewer: TUser | null = owner,
) {
  const ctx = (await getBoardContext({ owner: owner.handle, slug: dataset.slug, metric: query.metric }, viewer))!;
  return {
    ctx,
    ...(await listBoard(
      ctx,
      { view: query.view ?? "best", side: query.side ?? "public", page: query.page ?? 1 },
      viewer,
    )),
  };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * MINUTE);

describe("boards", () => {
  it("ranks best entry per user for a higher-is-better metric, with entry counts and an all-runs view", async () => {
    const { owner, dataset, version } = await board();
    const [a, b, c] = await Promise.all([player(version.id), player(version.id), player(version.id)]);
    await score(a, version.id, { accuracy: 0.8 }, { queuedAt: at(0) });
    await score(a, version.id, { accuracy: 0.9 }, { queuedAt: at(1) });
    await score(b, version.id, { accuracy: 0.85 }, { queuedAt: at(2) });
    await score(c, version.id, { accuracy: 0.7 }, { queuedAt: at(3) });

    const best = await rows(owner, dataset);
    expect(best.ctx).toMatchObject({ metric: "accuracy", direction: "max" });
    expect(best.items.map((r) => [r.rank, r.handle, r.publicScore, r.entries])).toEqual([
      [1, a.user.handle, 0.9, 2],
      [2, b.user.handle, 0.85, 1],
      [3, c.user.handle, 0.7, 1],
    ]);
    const all = await rows(owner, dataset, { view: "all" });
    expect(all.items.map((r) => r.publicScore)).toEqual([0.9, 0.85, 0.8, 0.7]);
    expect(all.total).toBe(4);
    expect(await userRank(version.id, "accuracy", c.user.id)).toBe(3);
    expect(await userRank(version.id, "accuracy", owner.id)).toBeNull();
  });

  it("ranks a lower-is-better metric ascending", async () => {
    const { owner, dataset, version } = await board();
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    await score(a, version.id, { accuracy: 0.9, logLoss: 0.5 }, { queuedAt: at(0) });
    await score(a, version.id, { accuracy: 0.7, logLoss: 0.2 }, { queuedAt: at(1) });
    await score(b, version.id, { accuracy: 0.95, logLoss: 0.3 }, { queuedAt: at(2) });
    const { items, ctx } = await rows(owner, dataset, { metric: "logLoss" });
    expect(ctx.direction).toBe("min");
    expect(items.map((r) => [r.handle, r.publicScore])).toEqual([
      [a.user.handle, 0.2],
      [b.user.handle, 0.3],
    ]);
    // The same runs on the accuracy board: each user's best there is a different run.
    const acc = await rows(owner, dataset, { metric: "accuracy" });
    expect(acc.items.map((r) => [r.handle, r.publicScore])).toEqual([
      [b.user.handle, 0.95],
      [a.user.handle, 0.9],
    ]);
    // An unknown metric falls back to the primary one.
    expect((await rows(owner, dataset, { metric: "rmse" })).ctx.metric).toBe("accuracy");
  });

  it("breaks ties by the earlier submission, whatever order the results arrive in, and marks them", async () => {
    const { owner, dataset, version } = await board();
    const [early, late] = await Promise.all([player(version.id), player(version.id)]);
    await score(late, version.id, { accuracy: 0.9 }, { queuedAt: at(10) }); // finishes first
    await score(early, version.id, { accuracy: 0.9 }, { queuedAt: at(5) });
    const { items } = await rows(owner, dataset);
    expect(items.map((r) => [r.rank, r.handle, r.tie])).toEqual([
      [1, early.user.handle, false],
      [2, late.user.handle, true],
    ]);
    // Within one user, an equal later score does not replace the earlier entry.
    const again = await score(early, version.id, { accuracy: 0.9 }, { queuedAt: at(20) });
    const after = await rows(owner, dataset);
    expect(after.items[0]).toMatchObject({ handle: early.user.handle, entries: 2 });
    expect(after.items[0]!.runId).not.toBe(again.id);
  });

  it("keeps one row per user when results for the same user land concurrently; the best wins", async () => {
    const { owner, dataset, version } = await board();
    const a = await player(version.id);
    const scores = [0.61, 0.93, 0.72, 0.88, 0.5, 0.91];
    const runs = await Promise.all(scores.map((s, i) => score(a, version.id, { accuracy: s }, { queuedAt: at(i) })));
    const entries = await getPrisma().leaderboardEntry.findMany({
      where: { datasetVersionId: version.id, metric: "accuracy" },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ publicScore: 0.93, runId: runs[1]!.id, entries: 6 });
    // A repeated result write (a retried attempt) changes nothing.
    await getPrisma().$transaction((tx) => recordRunResult(runs[0]!.id, tx));
    expect((await rows(owner, dataset)).items[0]!.entries).toBe(6);
  });

  it("pages 50 rows at a time, and a tie across the page boundary is still marked", async () => {
    const { owner, dataset, version } = await board();
    const players = await Promise.all(Array.from({ length: 52 }, () => player(version.id)));
    // Scores 1.00, 0.99, … with ranks 50 and 51 tied.
    await Promise.all(
      players.map((p, i) =>
        score(p, version.id, { accuracy: i === 50 ? 1 - 49 / 100 : 1 - i / 100 }, { queuedAt: at(i) }),
      ),
    );
    const first = await rows(owner, dataset);
    expect(first.items).toHaveLength(50);
    expect(first.pageCount).toBe(2);
    const second = await rows(owner, dataset, { page: 2 });
    expect(second.items.map((r) => r.rank)).toEqual([51, 52]);
    expect(second.items[0]!.tie).toBe(true);
    expect(await userRank(version.id, "accuracy", players[50]!.user.id)).toBe(51);
  });

  it("credits a fork with its gain over the parent config's best", async () => {
    const { owner, dataset, version } = await board();
    const parent = await player(version.id);
    const forker = await createUser();
    const { config: fork, revision: forkRevision } = await forkConfig({ actor: forker, configId: parent.config.id });
    await score(parent, version.id, { accuracy: 0.8 }, { queuedAt: at(0) });
    await score(parent, version.id, { accuracy: 0.75 }, { queuedAt: at(1) });
    await score(
      { user: forker, config: fork, revision: forkRevision } as TPlayer,
      version.id,
      { accuracy: 0.86, logLoss: 0.3 },
      { queuedAt: at(2) },
    );
    const { items } = await rows(owner, dataset);
    expect(items[0]!.parent?.configId).toBe(parent.config.id);
    expect(items[0]!.forkGain).toBeCloseTo(0.06, 10);
    expect(items[1]!.parent).toBeNull();
  });

  it("keeps a history of the runs that moved the best score", async () => {
    const { version } = await board();
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    const r1 = await score(a, version.id, { accuracy: 0.7 }, { queuedAt: at(0) });
    await score(b, version.id, { accuracy: 0.6 }, { queuedAt: at(1) });
    const r3 = await score(b, version.id, { accuracy: 0.8 }, { queuedAt: at(2) });
    await score(a, version.id, { accuracy: 0.8 }, { queuedAt: at(3) }); // equal: not a new record
    const history = await boardHistory(version.id, "accuracy", null);
    expect(history.map((h) => [h.runId, h.score])).toEqual([
      [r1.id, 0.7],
      [r3.id, 0.8],
    ]);

    // A record set by an unlisted config keeps its score and author, but not its run, except for the config's owner.
    await getPrisma().config.update({ where: { id: b.config.id }, data: { visibility: "UNLISTED" } });
    expect((await boardHistory(version.id, "accuracy", null)).map((h) => [h.runId, h.score])).toEqual([
      [r1.id, 0.7],
      [null, 0.8],
    ]);
    expect((await boardHistory(version.id, "accuracy", b.user)).map((h) => h.runId)).toEqual([r1.id, r3.id]);
  });
});

describe("private scores", () => {
  it("stay hidden until the owner reveals them; then the private board shows the rank shift", async () => {
    const { owner, dataset, version } = await board();
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    await score(a, version.id, { accuracy: 0.9 }, { privateScores: { accuracy: 0.7 }, queuedAt: at(0) });
    await score(b, version.id, { accuracy: 0.8 }, { privateScores: { accuracy: 0.85 }, queuedAt: at(1) });
    const hidden = await rows(owner, dataset, { side: "private" });
    expect(hidden.privateSide).toBe(false);
    expect(hidden.items.every((r) => r.privateScore === null)).toBe(true);

    const stranger = await createUser();
    await expect(
      setPrivateRevealed({ actor: stranger, datasetVersionId: version.id, revealed: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
    const shown = await rows(owner, dataset, { side: "private" }, null);
    expect(shown.items.map((r) => [r.rank, r.handle, r.privateScore, r.publicRank, r.shift])).toEqual([
      [1, b.user.handle, 0.85, 2, 1],
      [2, a.user.handle, 0.7, 1, -1],
    ]);
  });
});

describe("competitions", () => {
  async function competition(opts: Partial<Record<string, string>> = {}, now = new Date()) {
    const ctx = await board();
    const input = {
      title: "Iris cup",
      metric: "accuracy",
      startsAt: new Date(now.getTime() - 60 * MINUTE).toISOString(),
      endsAt: new Date(now.getTime() + 24 * 60 * MINUTE).toISOString(),
      dailyLimit: "2",
      totalLimit: "3",
      finalLimit: "1",
      ...opts,
    };
    const created = await createCompetition({
      actor: ctx.owner,
      datasetVersionId: ctx.version.id,
      input: input as Record<string, string>,
    });
    return { ...ctx, competition: created };
  }

  it("validates the form with specific messages and lets only the owner open one, once", async () => {
    const { owner, version } = await board();
    const input = {
      title: "Cup",
      metric: "accuracy",
      startsAt: "2030-01-01T00:00",
      endsAt: "2030-01-02T00:00",
      dailyLimit: "1",
      totalLimit: "5",
      finalLimit: "2",
    };
    const attempt = (changes: Record<string, string>, actor: TUser = owner) =>
      createCompetition({ actor, datasetVersionId: version.id, input: { ...input, ...changes } }).catch(
        (e: unknown) => e,
      );
    expect(await attempt({ title: "x", dailyLimit: "0" })).toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { title: "title.tooShort", dailyLimit: "dailyLimit.tooSmall" },
    });
    expect(await attempt({ startsAt: "2030-01-02T00:00", endsAt: "2030-01-01T00:00" })).toMatchObject({
      fieldErrors: { endsAt: "endsAt.beforeStart" },
    });
    expect(await attempt({ metric: "rmse" })).toMatchObject({ fieldErrors: { metric: "metric.invalid" } });
    expect(await attempt({ dailyLimit: "9" })).toMatchObject({ fieldErrors: { totalLimit: "totalLimit.belowDaily" } });
    expect(await attempt({ startsAt: "2020-01-01T00:00", endsAt: "2020-01-02T00:00" })).toMatchObject({
      fieldErrors: { endsAt: "endsAt.past" },
    });
    expect(await attempt({}, await createUser())).toMatchObject({ code: "FORBIDDEN" });
    const made = await createCompetition({ actor: owner, datasetVersionId: version.id, input });
    expect(made.startsAt.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(await attempt({})).toMatchObject({ code: "CONFLICT" });
    expect(await getPrisma().competition.count({ where: { datasetVersionId: version.id } })).toBe(1);
  });

  it("enforces daily and total limits; cancelled and platform-failed runs do not count", async () => {
    const { version } = await competition({ endsAt: new Date(Date.now() + 3 * 24 * 60 * MINUTE).toISOString() });
    const p = await player(version.id);
    const submit = () => submitRun({ actor: p.user, configRevisionId: p.revision.id, datasetVersionId: version.id });
    const first = await submit();
    await submit();
    await expect(submit()).rejects.toMatchObject({
      code: "RATE_LIMITED",
      fieldErrors: { run: "competition.dailyLimit" },
    });
    await cancelRun({ actor: p.user, runId: first.id });
    const third = await submit();
    await getPrisma().run.update({
      where: { id: third.id },
      data: { status: "FAILED", error: "runErrors.infrastructure" },
    });
    await submit();
    expect(await getPrisma().run.count({ where: { userId: p.user.id, datasetVersionId: version.id } })).toBe(4);
    // Tomorrow the day resets, but the total (3 counted runs) is reached. A user-error failure still counts.
    const queued = await getPrisma().run.findMany({ where: { userId: p.user.id, status: "QUEUED" } });
    await getPrisma().run.update({
      where: { id: queued[0]!.id },
      data: { status: "FAILED", error: "runErrors.nanLoss" },
    });
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 1));
    const admit = (now: Date) =>
      getPrisma().$transaction((tx) => admitSubmission({ userId: p.user.id, datasetVersionId: version.id, now }, tx));
    await expect(admit(tomorrow)).resolves.toBeUndefined();
    // A third counted run: a user-error failure counts (and, being finished, no test worker's reconciler picks it up).
    await getPrisma().run.update({
      where: { id: first.id },
      data: { status: "FAILED", error: "runErrors.nanLoss", finishedAt: new Date() },
    });
    await expect(admit(tomorrow)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      fieldErrors: { run: "competition.totalLimit" },
    });
    for (const run of await getPrisma().run.findMany({ where: { userId: p.user.id, status: "QUEUED" } }))
      await cancelRun({ actor: p.user, runId: run.id });
  });

  it("refuses submissions before the start; after the end runs are shown as late and not ranked", async () => {
    const upcoming = await competition({
      startsAt: new Date(Date.now() + 60 * MINUTE).toISOString(),
      endsAt: new Date(Date.now() + 120 * MINUTE).toISOString(),
    });
    const early = await player(upcoming.version.id);
    await expect(
      submitRun({ actor: early.user, configRevisionId: early.revision.id, datasetVersionId: upcoming.version.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { run: "competition.notStarted" },
    });

    const { owner, dataset, version, competition: c } = await competition();
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    await score(a, version.id, { accuracy: 0.8 }, { queuedAt: new Date(c.startsAt.getTime() + MINUTE) });
    await score(b, version.id, { accuracy: 0.99 }, { queuedAt: new Date(c.endsAt.getTime() + MINUTE) });
    const best = await rows(owner, dataset);
    expect(best.items.map((r) => r.handle)).toEqual([a.user.handle]);
    const all = await rows(owner, dataset, { view: "all" });
    expect(all.items.map((r) => [r.handle, r.rank, r.late])).toEqual([
      [a.user.handle, 1, false],
      [b.user.handle, null, true],
    ]);
  });

  it("opening a competition resets the version's boards to runs in its window", async () => {
    const ctx = await board();
    const a = await player(ctx.version.id);
    await score(a, ctx.version.id, { accuracy: 0.9 }, { queuedAt: new Date(Date.now() - 10 * 24 * 60 * MINUTE) });
    expect((await rows(ctx.owner, ctx.dataset)).items).toHaveLength(1);
    await createCompetition({
      actor: ctx.owner,
      datasetVersionId: ctx.version.id,
      input: {
        title: "Cup",
        metric: "accuracy",
        startsAt: new Date(Date.now() - MINUTE).toISOString(),
        endsAt: new Date(Date.now() + 60 * MINUTE).toISOString(),
        dailyLimit: "5",
        totalLimit: "5",
        finalLimit: "2",
      },
    });
    expect((await rows(ctx.owner, ctx.dataset)).items).toHaveLength(0);
    expect((await rows(ctx.owner, ctx.dataset, { view: "all" })).items[0]).toMatchObject({ late: true, rank: null });
  });

  it("hides private scores until the end, then ranks each user's final submissions (default: best public)", async () => {
    const { owner, dataset, version, competition: c } = await competition({ finalLimit: "1" });
    const [a, b] = await Promise.all([player(version.id), player(version.id)]);
    const inside = (m: number) => new Date(c.startsAt.getTime() + m * MINUTE);
    const aBest = await score(
      a,
      version.id,
      { accuracy: 0.95 },
      { privateScores: { accuracy: 0.6 }, queuedAt: inside(1) },
    );
    const aSteady = await score(
      a,
      version.id,
      { accuracy: 0.85 },
      { privateScores: { accuracy: 0.9 }, queuedAt: inside(2) },
    );
    await score(b, version.id, { accuracy: 0.9 }, { privateScores: { accuracy: 0.8 }, queuedAt: inside(3) });
    await score(b, version.id, { accuracy: 0.7 }, { privateScores: { accuracy: 0.99 }, queuedAt: inside(4) }); // not b's final

    expect((await rows(owner, dataset, { side: "private" })).privateSide).toBe(false);
    await expect(
      setFinalSubmissions({ actor: a.user, competitionId: c.id, runIds: [aBest.id, aSteady.id] }),
    ).rejects.toMatchObject({ fieldErrors: { finals: "competition.tooManyFinals" } });
    const other = await score(b, version.id, { accuracy: 0.1 }, { queuedAt: inside(5) });
    await expect(setFinalSubmissions({ actor: a.user, competitionId: c.id, runIds: [other.id] })).rejects.toMatchObject(
      { fieldErrors: { finals: "competition.finalNotEligible" } },
    );
    await setFinalSubmissions({ actor: a.user, competitionId: c.id, runIds: [aSteady.id] });
    await expect(
      setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    // The deadline passes.
    await getPrisma().competition.update({ where: { id: c.id }, data: { endsAt: new Date(Date.now() - MINUTE) } });
    await expect(setFinalSubmissions({ actor: a.user, competitionId: c.id, runIds: [aBest.id] })).rejects.toMatchObject(
      { fieldErrors: { finals: "competition.finalsClosed" } },
    );
    const pub = await rows(owner, dataset);
    expect(pub.ctx.phase).toBe("ended");
    expect(pub.items.map((r) => [r.handle, r.publicScore, r.privateScore])).toEqual([
      [a.user.handle, 0.95, 0.6],
      [b.user.handle, 0.9, 0.8],
    ]);
    const priv = await rows(owner, dataset, { side: "private" });
    expect(priv.items.map((r) => [r.rank, r.handle, r.privateScore, r.publicRank, r.shift, r.runId])).toEqual([
      [1, a.user.handle, 0.9, 1, 0, aSteady.id],
      [2, b.user.handle, 0.8, 2, 0, expect.any(String)],
    ]);
  });
});
