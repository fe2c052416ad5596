import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { createCompetition } from "../leaderboards/competitions";
import { canViewThread, isThreadListed, THREAD_ACCESS_SELECT, threadSql, threadWhere } from "./discussions";
import type { TVisibility } from "./visibility";

const VISIBILITIES: TVisibility[] = ["PUBLIC", "UNLISTED", "PRIVATE"];
type TUser = Awaited<ReturnType<typeof createPoster>>;

/*
 * The thread rule in its three shapes (predicate, Prisma where-clause, raw SQL) over every kind of subject × every
 * visibility × anonymous / another user / the owner × link / listed: they must agree row for row, and the table of
 * the rule itself is spelled out for the cases that matter.
 */
describe("thread visibility", () => {
  let owner: TUser;
  let other: TUser;
  const threads: { id: string; label: string }[] = [];

  beforeAll(async () => {
    [owner, other] = await Promise.all([createPoster(), createPoster()]);
    const publicData = await createSampleDataset("iris", owner);
    const publicConfig = await createConfigFrom("logisticRegression", {}, owner);
    const otherConfig = await createConfigFrom("logisticRegression", {}, other);
    const run = (user: TUser, config: typeof publicConfig, versionId: string) =>
      createScoredRun({
        userId: user.id,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: versionId,
        publicScores: { accuracy: 0.5 },
      });
    const add = async (label: string, input: Parameters<typeof createThreadFrom>[1]) =>
      threads.push({ id: (await createThreadFrom(owner, { title: `Thread ${label}`, ...input })).id, label });
    await add("general", {});
    for (const visibility of VISIBILITIES) {
      const { version } = await createSampleDataset("iris", owner, { visibility });
      const config = await createConfigFrom("logisticRegression", { visibility }, owner);
      const competitionVersion = (await createSampleDataset("iris", owner, { visibility })).version;
      await createCompetition({
        actor: owner,
        datasetVersionId: competitionVersion.id,
        input: {
          title: "Cup",
          metric: "accuracy",
          startsAt: new Date(Date.now() - 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          dailyLimit: "5",
          totalLimit: "10",
          finalLimit: "1",
        },
      });
      const competition = await getPrisma().competition.findUniqueOrThrow({
        where: { datasetVersionId: competitionVersion.id },
      });
      await add(`config ${visibility}`, { configId: config.config.id });
      await add(`dataset ${visibility}`, { datasetVersionId: version.id });
      await add(`competition ${visibility}`, { competitionId: competition.id });
      await add(`run config ${visibility}`, {
        runId: (await run(owner, config, publicData.version.id)).id,
      });
      await add(`run dataset ${visibility}`, { runId: (await run(owner, publicConfig, version.id)).id });
      // Someone else's own run on the owner's dataset: listed to its runner wherever they can open both sides.
      if (visibility === "UNLISTED") {
        const theirs = await run(other, otherConfig, version.id);
        threads.push({
          id: (await createThreadFrom(other, { title: "Thread their run", runId: theirs.id })).id,
          label: "their run on unlisted data",
        });
      }
    }
  });

  it("says the same in its predicate, its where-clause and its SQL, for every subject, viewer and reach", async () => {
    const db = getPrisma();
    const ids = threads.map((t) => t.id);
    const rows = await db.thread.findMany({
      where: { id: { in: ids } },
      select: { id: true, ...THREAD_ACCESS_SELECT },
    });
    expect(rows).toHaveLength(threads.length);
    for (const viewer of [null, other, owner]) {
      for (const reach of ["link", "listed"] as const) {
        const expected = rows
          .filter((r) => (reach === "link" ? canViewThread(viewer, r) : isThreadListed(viewer, r)))
          .map((r) => r.id)
          .sort();
        const byWhere = await db.thread.findMany({
          where: { AND: [{ id: { in: ids } }, threadWhere(viewer, reach)] },
          select: { id: true },
        });
        const bySql = await db.$queryRaw<{ id: string }[]>`
          SELECT t."id" FROM "Thread" t WHERE t."id" IN (${Prisma.join(ids)}) AND ${threadSql(viewer, reach, "t")}`;
        const who = `${viewer === null ? "anonymous" : viewer === owner ? "owner" : "other"} ${reach}`;
        expect(byWhere.map((r) => r.id).sort(), who).toEqual(expected);
        expect(bySql.map((r) => r.id).sort(), who).toEqual(expected);
      }
    }
  });

  it("follows the thing: hidden things' threads are not visible, unlisted ones open by link and are not listed", async () => {
    const db = getPrisma();
    const rows = await db.thread.findMany({
      where: { id: { in: threads.map((t) => t.id) } },
      select: { id: true, ...THREAD_ACCESS_SELECT },
    });
    const label = (id: string) => threads.find((t) => t.id === id)!.label;
    const seen = (viewer: TUser | null, reach: "link" | "listed") =>
      rows
        .filter((r) => (reach === "link" ? canViewThread(viewer, r) : isThreadListed(viewer, r)))
        .map((r) => label(r.id))
        .sort();
    const subjects = ["config", "dataset", "competition", "run config", "run dataset"];
    const of = (...vis: TVisibility[]) => subjects.flatMap((s) => vis.map((v) => `${s} ${v}`));
    expect(seen(null, "link")).toEqual(["general", ...of("PUBLIC", "UNLISTED"), "their run on unlisted data"].sort());
    expect(seen(null, "listed")).toEqual(["general", ...of("PUBLIC")].sort());
    expect(seen(other, "listed")).toEqual(["general", ...of("PUBLIC"), "their run on unlisted data"].sort());
    expect(seen(owner, "listed")).toEqual(
      ["general", ...of("PUBLIC", "UNLISTED", "PRIVATE"), "their run on unlisted data"].sort(),
    );
  });
});
