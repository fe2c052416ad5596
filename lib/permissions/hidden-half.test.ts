import { describe, expect, it } from "vitest";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { setPrivateRevealed } from "../leaderboards/competitions";
import { compareRuns } from "../runs/compare";
import { getRun, listRuns } from "../runs/queries";
import { redactRunMetrics } from "./hidden-half";

type TUser = Awaited<ReturnType<typeof createUser>>;

describe("the private half's intervals", () => {
  it("are removed with its scores by redactRunMetrics, and kept for who may see it", () => {
    const run = {
      metrics: {
        testPublic: { n: 68, accuracy: 0.8, ci: { accuracy: [0.7, 0.9] } },
        testPrivate: { n: 68, accuracy: 0.6, ci: { accuracy: [0.517, 0.683] } },
      },
    };
    const redacted = redactRunMetrics(run, false);
    expect(redacted.metrics).toEqual({ testPublic: run.metrics.testPublic, testPrivate: null });
    expect(JSON.stringify(redacted)).not.toContain("0.517");
    expect(redactRunMetrics(run, true)).toBe(run);
  });

  it("reach a run page, list or comparison only for the dataset owner until the reveal", async () => {
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
      publicIntervals: { accuracy: [0.7, 0.9] },
      privateIntervals: { accuracy: [0.517, 0.683] },
    });
    const privateCi = async (viewer: TUser | null) => {
      const seen = await getRun(run.id, viewer);
      return (seen?.metrics as { testPrivate: { ci?: unknown } | null } | null)?.testPrivate?.ci ?? null;
    };
    for (const viewer of [null, visitor, competitor]) expect(await privateCi(viewer)).toBeNull();
    expect(await privateCi(owner)).toEqual({ accuracy: [0.517, 0.683] });
    // The public half's interval is everyone's.
    expect((await getRun(run.id, null))?.metrics).toMatchObject({ testPublic: { ci: { accuracy: [0.7, 0.9] } } });

    const listed = await listRuns({ datasetVersionId: version.id }, visitor);
    expect(JSON.stringify(listed)).not.toContain("0.517");
    const compared = await compareRuns([run.id], competitor);
    expect(JSON.stringify(compared)).not.toContain("0.517");

    await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
    expect(await privateCi(null)).toEqual({ accuracy: [0.517, 0.683] });
  });
});
