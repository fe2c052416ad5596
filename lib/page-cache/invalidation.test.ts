import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser, uniqueSuffix } from "../factories/users";
import { createCompetition, setFinalSubmissions, setPrivateRevealed } from "../leaderboards/competitions";
import { listenForBoardPageChanges } from "./invalidation";

/**
 * The page cache keeps stamps in memory only while these notifications arrive, so
 * every write that changes a stamp (stamps.test.ts) must also announce its
 * dataset, or "*" for names shown on any board. Other test files write meanwhile, so
 * each step waits for its own dataset's id among whatever arrives.
 */
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function listen() {
  const changes: string[] = [];
  let gaps = 0;
  const name = `board pages test ${uniqueSuffix()}`;
  const listener = listenForBoardPageChanges({
    connectionString: process.env.DATABASE_URL!,
    onChange: (c) => changes.push(c),
    onGap: () => gaps++,
    name,
  });
  stops.push(() => listener.stop());
  await expect.poll(() => listener.listening).toBe(true);
  /** Runs the write, then waits until `expected` is among the changes it announced. */
  const announces = async (expected: string, write: () => Promise<unknown>) => {
    changes.length = 0;
    await write();
    await expect.poll(() => changes.includes(expected), { timeout: 5_000 }).toBe(true);
  };
  return { listener, name, announces, gaps: () => gaps };
}

describe("board page change notifications", () => {
  it("announce each write that changes a board page, by dataset", async () => {
    const { announces } = await listen();
    const owner = await createUser();
    const { dataset, version } = await createSampleDataset("iris", owner);
    const player = await createUser();
    const { config, revision } = await createConfigFrom(
      "logisticRegression",
      { designedForVersionId: version.id },
      player,
    );
    const db = getPrisma();
    let runId = "";
    await announces(dataset.id, async () => {
      runId = (
        await createScoredRun({
          userId: player.id,
          configId: config.id,
          configRevisionId: revision.id,
          datasetVersionId: version.id,
          publicScores: { accuracy: 0.8 },
        })
      ).id;
    });
    // A version once revealed can never hold a competition: the reveal is tried on another dataset of the owner's.
    const shown = await createSampleDataset("iris", owner);
    await announces(shown.dataset.id, () =>
      setPrivateRevealed({ actor: owner, datasetVersionId: shown.version.id, revealed: true }),
    );
    await announces(shown.dataset.id, () =>
      setPrivateRevealed({ actor: owner, datasetVersionId: shown.version.id, revealed: false }),
    );
    const minute = (n: number) =>
      new Date(Math.floor(Date.now() / 60_000) * 60_000 + n * 60_000).toISOString().slice(0, 16);
    let competitionId = "";
    await announces(dataset.id, async () => {
      competitionId = (
        await createCompetition({
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
        })
      ).id;
    });
    await announces(dataset.id, () => setFinalSubmissions({ actor: player, competitionId, runIds: [runId] }));
    await announces(dataset.id, () =>
      db.dataset.update({ where: { id: dataset.id }, data: { title: "Renamed dataset" } }),
    );
    await announces(dataset.id, () => db.run.delete({ where: { id: runId } }));
    // Names any board may show: every page.
    await announces("*", () => db.config.update({ where: { id: config.id }, data: { title: "Renamed config" } }));
    await announces("*", () =>
      db.user.update({ where: { id: player.id }, data: { handle: `renamed-${uniqueSuffix()}` } }),
    );
    await announces(dataset.id, () => db.dataset.delete({ where: { id: dataset.id } }));
  });

  it("report a gap when the connection drops, then listen again", async () => {
    const { listener, name, gaps } = await listen();
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name]);
    } finally {
      await admin.end();
    }
    await expect.poll(() => gaps()).toBeGreaterThan(0);
    expect(listener.listening).toBe(false);
    await expect.poll(() => listener.listening, { timeout: 10_000 }).toBe(true);
  });
});
