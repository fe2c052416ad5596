import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { TSessionUser } from "../lib/auth/session";
import { datasetShapeInfo } from "../lib/configs/dataset-info";
import { createConfig } from "../lib/configs/mutations";
import { ZConfigSpec } from "../lib/configs/spec";
import { templateFor, type TTemplateId } from "../lib/configs/templates";
import { getPrisma } from "../lib/db";
import { createDatasetFrom, createSampleDataset } from "../lib/factories/datasets";
import { createUser } from "../lib/factories/users";
import { closeTrainingQueue } from "../lib/queue/training";
import { mulberry32 } from "../lib/random";
import { createRedis } from "../lib/redis";
import { submitRun } from "../lib/runs/mutations";
import { loadBackend } from "./tfjs/backend";
import { trainRun } from "./training/train-run";

// Issue 17: a regression target is standardised for training, and everything a run stores or streams (test and
// validation metrics, residuals, per-epoch loss and mae) is in the target's own units.
const prefix = `${process.env.QUEUE_PREFIX ?? "ty-test"}-regression-${process.pid}`;
process.env.QUEUE_PREFIX = prefix;

type TSplitMetrics = { n: number; mse: number; mae: number; r2: number; residuals: [number, number][] };
type TRunMetrics = { testPublic: TSplitMetrics | null; validation: TSplitMetrics | null };

let owner: TSessionUser;
let publisher: Redis;
let backend: Awaited<ReturnType<typeof loadBackend>>;

beforeAll(async () => {
  backend = await loadBackend({ prefer: "wasm" });
  publisher = createRedis();
  publisher.on("error", () => {});
  owner = await createUser();
}, 60_000);

afterAll(async () => {
  publisher?.disconnect();
  await closeTrainingQueue();
});

/** A diamonds-like table: price in the thousands, linear in carat, depth and cut, plus noise (σ = 300). */
function diamonds(rows: number) {
  const random = mulberry32(17);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cuts = { Fair: -1500, Good: -500, VeryGood: 0, Premium: 600, Ideal: 1200 };
  const names = Object.keys(cuts) as (keyof typeof cuts)[];
  const lines = ["carat,depth,cut,price"];
  for (let i = 0; i < rows; i++) {
    const carat = 0.2 + random() * 2.8;
    const depth = 58 + random() * 8;
    const cut = names[Math.floor(random() * names.length)]!;
    const price = 2000 + 4000 * carat - 150 * (depth - 62) + cuts[cut] + 300 * normal();
    lines.push(`${carat.toFixed(3)},${depth.toFixed(1)},${cut},${price.toFixed(2)}`);
  }
  return lines.join("\n");
}

async function train(versionId: string, id: TTemplateId, edit: (spec: ReturnType<typeof ZConfigSpec.parse>) => void) {
  const info = (await datasetShapeInfo(versionId, owner))!;
  const built = templateFor(id, info);
  if (!built.ok) throw new Error(`${id} not offered: ${built.misfit}`);
  const spec = ZConfigSpec.parse(built.spec);
  edit(spec);
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: `Regression units ${id}`, designedForVersionId: versionId },
    spec,
  });
  const queued = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: versionId });
  const outcome = await trainRun({
    runId: queued.id,
    tf: backend.tf,
    backend: backend.choice,
    publisher,
    shouldInterrupt: () => false,
    shouldCancel: () => false,
  });
  const run = await getPrisma().run.findUniqueOrThrow({
    where: { id: queued.id },
    include: { epochs: { orderBy: { epoch: "asc" } } },
  });
  expect([outcome, run.status, run.error]).toEqual(["succeeded", "SUCCEEDED", null]);
  return { run, metrics: run.metrics as unknown as TRunMetrics };
}

describe("regression on a standardised target", () => {
  it("a linear model learns prices in the thousands (R² > 0.95) and stores its metrics in the price's units", async () => {
    const csv = diamonds(1500);
    const prices = csv
      .split("\n")
      .slice(1)
      .map((l) => Number(l.split(",")[3]));
    const { version } = await createDatasetFrom(
      csv,
      { taskType: "REGRESSION", targetColumn: "price", fileName: "diamonds.csv" },
      owner,
    );
    // The template as offered (100 epochs, adam 0.05), without early stopping: the last epoch's curve point and the
    // stored validation metrics then describe the same weights.
    const { run, metrics } = await train(version.id, "linearRegression", (spec) => {
      spec.training.earlyStopping.enabled = false;
    });
    const test = metrics.testPublic!;
    expect(test.r2).toBeGreaterThan(0.95);

    // R² and MAE recomputed from the stored residuals ([predicted, true − predicted], every test row: n < 500).
    expect(test.residuals).toHaveLength(test.n);
    const truth = test.residuals.map(([p, r]) => p + r);
    const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
    const ssRes = test.residuals.reduce((a, [, r]) => a + r * r, 0);
    const ssTot = truth.reduce((a, t) => a + (t - mean) ** 2, 0);
    expect(test.r2).toBeCloseTo(1 - ssRes / ssTot, 6);
    expect(test.mae).toBeCloseTo(test.residuals.reduce((a, [, r]) => a + Math.abs(r), 0) / test.n, 4);
    // In the price's units: true values are prices of the table, the error near the noise's (σ 300 → MAE ≈ 240).
    const [lo, hi] = [Math.min(...prices), Math.max(...prices)];
    for (const t of truth) expect(t >= lo - 0.01 && t <= hi + 0.01).toBe(true);
    expect(mean).toBeGreaterThan(4000);
    expect(test.mae).toBeGreaterThan(150);
    expect(test.mae).toBeLessThan(500);

    // The curves too: the last epoch's val_mae and val_loss (MSE) are the stored validation mae and mse.
    const last = run.epochs.at(-1)!;
    expect(run.epochs).toHaveLength(100);
    const validation = metrics.validation!;
    expect(last.valMetric! / validation.mae).toBeCloseTo(1, 3);
    expect(last.valLoss! / validation.mse).toBeCloseTo(1, 3);
    expect(run.epochs[0]!.trainLoss).toBeGreaterThan(validation.mse); // it started far off, in price² units
  }, 240_000);

  it("the MLP regression template trains well on mpg", async () => {
    const { version } = await createSampleDataset("mpg", owner);
    const { run, metrics } = await train(version.id, "mlpRegression", () => {});
    expect(metrics.testPublic!.r2).toBeGreaterThan(0.8);
    // Miles per gallon: the mean absolute error is a few mpg, not a fraction of a standard deviation.
    expect(metrics.testPublic!.mae).toBeGreaterThan(0.5);
    expect(metrics.testPublic!.mae).toBeLessThan(5);
    expect(run.epochs.at(-1)!.valMetric).toBeGreaterThan(0.5);
  }, 240_000);
});
