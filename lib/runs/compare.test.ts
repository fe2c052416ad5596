import { describe, expect, it } from "vitest";
import { forkConfig, reviseConfig } from "../configs/mutations";
import { diffMany } from "../configs/diff";
import { templateSpec } from "../configs/templates";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import { compareRuns } from "./compare";

describe("comparing runs", () => {
  it("marks the best value per metric by direction, overlays curves and lists only the fields that differ", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("iris", owner);
    const { config, revision } = await createConfigFrom("mlp", { designedForVersionId: version.id }, owner);
    const fork = await forkConfig({ actor: owner, configId: config.id });
    const spec = structuredClone(templateSpec("mlp", 3));
    spec.training.optimizer.learningRate = 0.05;
    const revised = await reviseConfig({ actor: owner, configId: fork.config.id, spec });
    const base = { userId: owner.id, datasetVersionId: version.id };
    const a = await createScoredRun({
      ...base,
      configId: config.id,
      configRevisionId: revision.id,
      publicScores: { accuracy: 0.9, logLoss: 0.4 },
      epochs: [{ trainLoss: 1 }, { trainLoss: 0.5, valLoss: 0.6 }],
    });
    const b = await createScoredRun({
      ...base,
      configId: fork.config.id,
      configRevisionId: revised.id,
      publicScores: { accuracy: 0.8, logLoss: 0.3 },
    });
    const hidden = await createConfigFrom("mlp", { designedForVersionId: version.id, visibility: "PRIVATE" });
    const secret = await createScoredRun({
      userId: hidden.config.ownerId,
      datasetVersionId: version.id,
      configId: hidden.config.id,
      configRevisionId: hidden.revision.id,
      publicScores: { accuracy: 1 },
    });

    const result = await compareRuns([a.id, b.id, secret.id], null);
    expect(result.runs.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(result.missing).toBe(1);
    const row = (m: string) => result.metricRows.find((r) => r.metric === m)!;
    expect(row("accuracy")).toMatchObject({ values: [0.9, 0.8], best: 0.9, direction: "max" });
    expect(row("logLoss")).toMatchObject({ values: [0.4, 0.3], best: 0.3, direction: "min" });
    expect(row("rocAuc")).toMatchObject({ values: [null, null], best: null });
    expect(result.runs[0]!.epochs.map((e) => e.valLoss)).toEqual([null, 0.6]);
    expect(result.diff.filter((d) => d.changed).map((d) => d.path)).toEqual(["training.optimizer.learningRate"]);
  });

  it("diffs several specs field by field, a missing field counting as a change", () => {
    const rows = diffMany([
      { a: 1, b: { c: [1, 2] } },
      { a: 1, b: { c: [1, 3] } },
      { a: 1, b: { c: [1, 2] }, d: true },
    ]);
    expect(rows).toEqual([
      { path: "a", values: [1, 1, 1], changed: false },
      { path: "b.c[0]", values: [1, 1, 1], changed: false },
      { path: "b.c[1]", values: [2, 3, 2], changed: true },
      { path: "d", values: [undefined, undefined, true], changed: true },
    ]);
  });
});
