import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { errorNumber, isAppError, type AppError } from "../errors";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { admitSubmission, createCompetition, setFinalSubmissions } from "./competitions";

/**
 * A competition's limits reach the form as typed values of the error ({ limit }), never as text in Error.message
 * (the run and finals forms used to read them back with Number(error.message)).
 */
async function competitionWithOneRun(limits: { dailyLimit: string; totalLimit: string; finalLimit: string }) {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const player = await createUser();
  const { config, revision } = await createConfigFrom(
    "logisticRegression",
    { designedForVersionId: version.id },
    player,
  );
  const now = Date.now();
  const minute = (n: number) => new Date(Math.floor(now / 60_000) * 60_000 + n * 60_000).toISOString().slice(0, 16);
  const competition = await createCompetition({
    actor: owner,
    datasetVersionId: version.id,
    input: { title: "Cup", metric: "accuracy", startsAt: minute(-60), endsAt: minute(60), ...limits },
  });
  const run = await createScoredRun({
    userId: player.id,
    configId: config.id,
    configRevisionId: revision.id,
    datasetVersionId: version.id,
    publicScores: { accuracy: 0.8 },
  });
  return { player, version, competition, run };
}

const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe("competition limits in errors", () => {
  it("too many finals: the limit is a typed value, not the message", async () => {
    const { player, competition, run } = await competitionWithOneRun({
      dailyLimit: "5",
      totalLimit: "10",
      finalLimit: "1",
    });
    const error = await refusal(
      setFinalSubmissions({ actor: player, competitionId: competition.id, runIds: [run.id, "another-run"] }),
    );
    expect(error.fieldErrors).toEqual({ finals: "competition.tooManyFinals" });
    expect(errorNumber(error, "limit")).toBe(1);
    expect(error.message).not.toMatch(/\d/);
  });

  it("the total submission limit: a typed value, not the message", async () => {
    const { player, version } = await competitionWithOneRun({ dailyLimit: "1", totalLimit: "1", finalLimit: "1" });
    const error = await refusal(admitSubmission({ userId: player.id, datasetVersionId: version.id }, getPrisma()));
    expect(error.fieldErrors).toEqual({ run: "competition.totalLimit" });
    expect(errorNumber(error, "limit")).toBe(1);
    expect(error.message).not.toMatch(/\d/);
  });
});
