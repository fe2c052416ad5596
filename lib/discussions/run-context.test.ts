import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun, createTrainingRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { getRunContext, runCurves } from "./run-context";

type TUser = Awaited<ReturnType<typeof createUser>>;

// Scores no epoch, profile or other number of the fixtures can collide with.
const PUBLIC_ACCURACY = 0.8421;
const PRIVATE_ACCURACY = 0.6137;
const PRIVATE_F1 = 0.5293;

/*
 * The run context beside a question: visibility (a hidden run is null, not a redacted object), the hidden-half rule
 * (the private test half's scores reach only the dataset's owner before the reveal), and a failed run's error.
 */
describe("run context", () => {
  let dataOwner: TUser;
  let runner: TUser;
  let stranger: TUser;
  let publicRunId: string;
  let hiddenRunId: string;
  let failedRunId: string;

  beforeAll(async () => {
    [dataOwner, runner, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const { version } = await createSampleDataset("iris", dataOwner);
    const config = await createConfigFrom("mlp", { title: "Context net" }, runner);
    const secret = await createConfigFrom("mlp", { title: "Secret net", visibility: "PRIVATE" }, runner);
    const ids = { userId: runner.id, configId: config.config.id, configRevisionId: config.revision.id };
    const run = await createScoredRun({
      ...ids,
      datasetVersionId: version.id,
      publicScores: { accuracy: PUBLIC_ACCURACY, f1Macro: 0.8 },
      privateScores: { accuracy: PRIVATE_ACCURACY, f1Macro: PRIVATE_F1 },
      epochs: Array.from({ length: 12 }, (_, i) => ({
        trainLoss: 1 / (i + 2),
        valLoss: 1.2 / (i + 2),
        valMetric: 0.5,
      })),
    });
    publicRunId = run.id;
    const hidden = await createScoredRun({
      userId: runner.id,
      configId: secret.config.id,
      configRevisionId: secret.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.7 },
    });
    hiddenRunId = hidden.id;
    const failed = await createTrainingRun({ ...ids, datasetVersionId: version.id, epochsTotal: 20, epochs: 3 });
    // As the worker's failRun records a user-facing failure (worker/training/train-run.ts).
    await getPrisma().run.update({
      where: { id: failed.id },
      data: { status: "FAILED", error: "runErrors.nanLoss", finishedAt: new Date() },
    });
    failedRunId = failed.id;
  });

  it("is null for a run the viewer may not see, and for ids that name nothing", async () => {
    expect(await getRunContext(hiddenRunId, stranger)).toBeNull();
    expect(await getRunContext(hiddenRunId, null)).toBeNull();
    expect(await getRunContext(hiddenRunId, dataOwner)).toBeNull(); // the config is private to its owner
    expect(await getRunContext("no-such-run", runner)).toBeNull();
    expect(await getRunContext("bad\u0000id", runner)).toBeNull();
    expect(await getRunContext(hiddenRunId, runner)).toMatchObject({ config: { title: "Secret net" } });
  });

  it("gives the config, dataset, curves and log tail of a visible run", async () => {
    const ctx = (await getRunContext(publicRunId, null))!;
    expect(ctx.run).toMatchObject({ id: publicRunId, status: "SUCCEEDED", seed: 42, error: null });
    expect(ctx.run.durationSeconds).toBeCloseTo(1, 3);
    expect(ctx.config).toMatchObject({ title: "Context net", revision: 1, href: expect.stringMatching(/\?r=1$/) });
    expect(ctx.config.spec).toMatchObject({
      model: {
        kind: "mlp",
        layers: [{ type: "dense", detail: "64 relu" }, { type: "dropout", detail: "0.2" }, {}, {}],
      },
      optimizer: "adam",
      learningRate: 0.001,
      batchSize: 32,
      epochs: 50,
      earlyStopping: { monitor: "val_loss", patience: 5 },
    });
    expect(ctx.config.spec!.preprocessing).toContain("scaling=standard");
    expect(ctx.dataset.profile).toMatchObject({
      kind: "TABULAR",
      taskType: "CLASSIFICATION",
      rows: 150,
      columns: 5,
      features: 4,
      target: "species",
      classCount: 3,
    });
    expect(ctx.dataset.href).toMatch(/\?v=1$/);
    expect(ctx.epochs).toHaveLength(12);
    expect(ctx.log).toHaveLength(10);
    expect(ctx.log[9]).toMatch(/^epoch {2}12 {2}loss 0\.0769 {2}val_loss 0\.0923 {2}acc – {2}val_acc 0\.5000$/);
    expect(ctx.test.public).toEqual({ accuracy: PUBLIC_ACCURACY, f1Macro: 0.8 });
  });

  it("never gives the private half's scores to anyone but the dataset's owner", async () => {
    for (const viewer of [null, stranger, runner]) {
      const ctx = (await getRunContext(publicRunId, viewer))!;
      expect(ctx.test.private).toBeNull();
      const json = JSON.stringify(ctx);
      expect(json).not.toContain(String(PRIVATE_ACCURACY));
      expect(json).not.toContain(String(PRIVATE_F1));
    }
    const own = (await getRunContext(publicRunId, dataOwner))!;
    expect(own.test.private).toEqual({ accuracy: PRIVATE_ACCURACY, f1Macro: PRIVATE_F1 });
  });

  it("carries a failed run's error, and no error for others", async () => {
    const ctx = (await getRunContext(failedRunId, stranger))!;
    expect(ctx.run).toMatchObject({
      status: "FAILED",
      error: "runErrors.nanLoss",
      durationSeconds: expect.any(Number),
    });
    expect(ctx.log).toHaveLength(3);
    expect(ctx.test.public).toEqual({});
  });

  it("gives curves of the runs the viewer may see only", async () => {
    const curves = await runCurves([publicRunId, hiddenRunId, publicRunId, "nothing"], stranger);
    expect([...curves.keys()]).toEqual([publicRunId]);
    expect(curves.get(publicRunId)).toHaveLength(12);
    expect(curves.get(publicRunId)![0]).toEqual({ epoch: 1, trainLoss: 0.5, valLoss: 0.6 });
    const own = await runCurves([publicRunId, hiddenRunId], runner);
    expect(new Set(own.keys())).toEqual(new Set([publicRunId, hiddenRunId]));
  });
});
