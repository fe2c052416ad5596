import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { forkConfig } from "../configs/mutations";
import { getConfig, getLineage, listConfigs } from "../configs/queries";
import { listDatasets } from "../datasets/queries";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { createCompetition, setPrivateRevealed } from "../leaderboards/competitions";
import { listBoards } from "../leaderboards/queries";
import { compareRuns } from "../runs/compare";
import { getRun, listRuns } from "../runs/queries";
import { canFollowConfig, configWhere } from "./configs";
import { canViewDataset, datasetWhere, isDatasetListed } from "./datasets";
import { canViewRun, isRunListed, runWhere } from "./runs";
import type { TVisibility } from "./visibility";

const VISIBILITIES: TVisibility[] = ["PUBLIC", "UNLISTED", "PRIVATE"];
type TUser = Awaited<ReturnType<typeof createUser>>;

describe("the one visibility rule", () => {
  it("says the same in its predicate and its where-clause, for every viewer, visibility and reach", async () => {
    const db = getPrisma();
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    const made: Awaited<ReturnType<typeof createSampleDataset>>[] = [];
    for (const visibility of VISIBILITIES) made.push(await createSampleDataset("iris", owner, { visibility }));
    const ids = made.map((m) => m.dataset.id);
    for (const viewer of [null, other, owner]) {
      for (const reach of ["link", "listed"] as const) {
        const found = await db.dataset.findMany({
          where: { AND: [{ id: { in: ids } }, datasetWhere(viewer, reach)] },
          select: { id: true },
        });
        const expected = made.filter((m) =>
          reach === "link" ? canViewDataset(viewer, m.dataset) : isDatasetListed(viewer, m.dataset),
        );
        expect(found.map((f) => f.id).sort()).toEqual(expected.map((m) => m.dataset.id).sort());
      }
    }
    // The table of the rule itself: anonymous and other users open PUBLIC and UNLISTED by link, list only PUBLIC.
    const open = (viewer: TUser | null) =>
      made.filter((m) => canViewDataset(viewer, m.dataset)).map((m) => m.dataset.visibility);
    const listed = (viewer: TUser | null) =>
      made.filter((m) => isDatasetListed(viewer, m.dataset)).map((m) => m.dataset.visibility);
    expect([open(null), open(other), open(owner)]).toEqual([
      ["PUBLIC", "UNLISTED"],
      ["PUBLIC", "UNLISTED"],
      VISIBILITIES,
    ]);
    expect([listed(null), listed(other), listed(owner)]).toEqual([["PUBLIC"], ["PUBLIC"], VISIBILITIES]);
  });

  it("lists and searches only public datasets and configs to others, everything of the owner's to the owner", async () => {
    const owner = await createUser();
    const word = `zeta${owner.id.slice(-6)}`;
    await Promise.all(
      VISIBILITIES.map((visibility) =>
        createSampleDataset("iris", owner, { visibility, title: `Flowers ${word} ${visibility}` }),
      ),
    );
    await Promise.all(
      VISIBILITIES.map((visibility) =>
        createConfigFrom("mlp", { visibility, title: `Net ${word} ${visibility}` }, owner),
      ),
    );
    const titles = (items: { title: string }[]) => items.map((i) => i.title.split(" ").at(-1)).sort();
    expect(titles((await listDatasets({ q: word }, null)).items)).toEqual(["PUBLIC"]);
    expect(titles((await listDatasets({ q: word }, owner)).items)).toEqual(["PRIVATE", "PUBLIC", "UNLISTED"]);
    expect(titles((await listConfigs({ q: word }, null)).items)).toEqual(["PUBLIC"]);
    expect(titles((await listConfigs({ q: word }, owner)).items)).toEqual(["PRIVATE", "PUBLIC", "UNLISTED"]);
  });

  it("keeps runs on unlisted configs or datasets out of public run lists, but on the unlisted thing's own tab", async () => {
    const [owner, runner, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const { version: unlistedVersion } = await createSampleDataset("iris", owner, { visibility: "UNLISTED" });
    const { version: publicVersion } = await createSampleDataset("iris", owner);
    const unlistedConfig = await createConfigFrom("logisticRegression", { visibility: "UNLISTED" }, runner);
    const publicConfig = await createConfigFrom("logisticRegression", {}, runner);
    const run = (config: typeof publicConfig, versionId: string) =>
      createScoredRun({
        userId: runner.id,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: versionId,
        publicScores: { accuracy: 0.9 },
      });
    const [onUnlistedData, onUnlistedConfig, visible] = await Promise.all([
      run(publicConfig, unlistedVersion.id),
      run(unlistedConfig, publicVersion.id),
      run(publicConfig, publicVersion.id),
    ]);
    const ids = async (query: Parameters<typeof listRuns>[0], viewer: TUser | null) =>
      (await listRuns({ ...query, userHandle: runner.handle }, viewer)).items.map((r) => r.id).sort();
    for (const viewer of [null, stranger]) {
      expect(await ids({}, viewer)).toEqual([visible.id]);
      // Opened by link, the unlisted dataset's own runs tab lists its runs on listed configs.
      expect(await ids({ datasetVersionId: unlistedVersion.id }, viewer)).toEqual([onUnlistedData.id]);
      expect(await ids({ configId: unlistedConfig.config.id }, viewer)).toEqual([onUnlistedConfig.id]);
      // ...while each run stays reachable by its link.
      expect(await getRun(onUnlistedData.id, viewer)).not.toBeNull();
    }
    // The runner sees all of their own.
    expect(await ids({}, runner)).toEqual([onUnlistedData.id, onUnlistedConfig.id, visible.id].sort());

    // The where-clause and the predicates agree for these runs.
    const db = getPrisma();
    for (const viewer of [null, stranger, runner]) {
      const rows = await db.run.findMany({
        where: { id: { in: [onUnlistedData.id, onUnlistedConfig.id, visible.id] } },
        select: {
          id: true,
          userId: true,
          config: { select: { ownerId: true, visibility: true } },
          datasetVersion: { select: { dataset: { select: { ownerId: true, visibility: true } } } },
        },
      });
      for (const reach of ["link", "listed"] as const) {
        const found = await db.run.findMany({
          where: { AND: [{ id: { in: rows.map((r) => r.id) } }, runWhere(viewer, reach)] },
          select: { id: true },
        });
        const expected = rows.filter((r) => (reach === "link" ? canViewRun(viewer, r) : isRunListed(viewer, r)));
        expect(found.map((f) => f.id).sort()).toEqual(expected.map((r) => r.id).sort());
      }
    }
  });

  it("makes a fork of an unlisted config unlisted, and shows unlisted parents and forks only to those holding a link", async () => {
    const [author, forker, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const parent = await createConfigFrom("mlp", { visibility: "UNLISTED" }, author);
    const fork = await forkConfig({ actor: forker, configId: parent.config.id });
    expect(fork.config.visibility).toBe("UNLISTED");
    const publicParent = await createConfigFrom("mlp", {}, author);
    expect((await forkConfig({ actor: forker, configId: publicParent.config.id })).config.visibility).toBe("PUBLIC");
    const unlistedChild = await forkConfig({ actor: stranger, configId: publicParent.config.id });
    await getPrisma().config.update({ where: { id: unlistedChild.config.id }, data: { visibility: "UNLISTED" } });

    // A public config's lineage does not list someone's unlisted fork; the unlisted fork's page names its parent.
    const lineage = await getLineage(publicParent.config.id, forker);
    expect(lineage.map((n) => n.id)).not.toContain(unlistedChild.config.id);
    expect((await getLineage(publicParent.config.id, stranger)).map((n) => n.id)).toContain(unlistedChild.config.id);
    const forkPage = await getConfig(forker.handle, fork.config.slug, stranger);
    expect(forkPage?.forkedFrom?.config.slug).toBe(parent.config.slug);
    expect(
      canFollowConfig(
        null,
        { ownerId: author.id, visibility: "PUBLIC" },
        { ownerId: author.id, visibility: "UNLISTED" },
      ),
    ).toBe(false);
    expect(
      await getPrisma().config.count({ where: { AND: [{ id: fork.config.id }, configWhere(null, "listed")] } }),
    ).toBe(0);
  });

  it("leaves boards and competitions of unlisted datasets out of the public indexes", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner, { visibility: "UNLISTED" });
    const p = await createConfigFrom("logisticRegression", {}, owner);
    await createScoredRun({
      userId: owner.id,
      configId: p.config.id,
      configRevisionId: p.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.5 },
    });
    const all = [];
    for (let page = 1; ; page++) {
      const result = await listBoards({ page });
      all.push(...result.items.map((b) => b.id));
      if (page >= result.pageCount) break;
    }
    expect(all).not.toContain(version.id);
  });
});

describe("the hidden half", () => {
  async function competitionWithRuns(now = new Date()) {
    const [owner, competitor, visitor] = await Promise.all([createUser(), createUser(), createUser()]);
    const { version } = await createSampleDataset("iris", owner);
    const entry = await createConfigFrom("logisticRegression", {}, competitor);
    const run = await createScoredRun({
      userId: competitor.id,
      configId: entry.config.id,
      configRevisionId: entry.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.8 },
      privateScores: { accuracy: 0.6 },
    });
    return { owner, competitor, visitor, version, run, now };
  }

  it("shows a run's private-half metrics only to the dataset owner until the reveal", async () => {
    const { owner, competitor, visitor, version, run } = await competitionWithRuns();
    const privateOf = async (viewer: TUser | null) => {
      const seen = await getRun(run.id, viewer);
      return (seen?.metrics as { testPrivate: unknown } | null)?.testPrivate ?? null;
    };
    expect(await privateOf(null)).toBeNull();
    expect(await privateOf(visitor)).toBeNull();
    expect(await privateOf(competitor)).toBeNull(); // not even the run's own author
    expect(await privateOf(owner)).toMatchObject({ accuracy: 0.6 });
    expect((await getRun(run.id, null))?.metrics).toMatchObject({ testPublic: { accuracy: 0.8 } });

    // Lists and comparisons carry the same cut.
    const listed = (await listRuns({ datasetVersionId: version.id }, visitor)).items[0]!;
    expect((listed.metrics as { testPrivate: unknown }).testPrivate).toBeNull();
    const compared = await compareRuns([run.id], competitor);
    expect((compared.runs[0]!.metrics as { testPrivate: unknown }).testPrivate).toBeNull();
    expect(JSON.stringify(compared)).not.toContain("0.6");

    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
    expect(await privateOf(null)).toMatchObject({ accuracy: 0.6 });
    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: false });
    expect(await privateOf(visitor)).toBeNull();
  });

  it("keeps a running competition's private half hidden until it ends", async () => {
    const { owner, competitor, version, run } = await competitionWithRuns();
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
    expect((await getRun(run.id, competitor))?.privateShown).toBe(false);
    expect((await getRun(run.id, owner))?.privateShown).toBe(true);
    await getPrisma().competition.update({
      where: { datasetVersionId: version.id },
      data: { endsAt: new Date(Date.now() - 1000), startsAt: new Date(Date.now() - 7_200_000) },
    });
    expect((await getRun(run.id, competitor))?.privateShown).toBe(true);
  });

  it("never lets a version whose private half was once revealed hold a competition, even after the reveal is taken back", async () => {
    const { owner, version } = await competitionWithRuns();
    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: false });
    const now = new Date();
    const refused = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      now,
      input: {
        title: "Late cup",
        metric: "accuracy",
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "2",
      },
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT", fieldErrors: { form: "competition.revealedBefore" } });
  });
});
