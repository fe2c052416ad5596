import type { TConfigSpecInput } from "../configs/spec";
import { sampleBytes } from "./datasets";

/**
 * Fixtures for fine-tuning tests (worker/fine-tune.test.ts, e2e/fine-tune.spec.ts): a penguins MLP with batch
 * normalisation to build on, and a second task on the same measurements to fine-tune it for.
 */
export const PENGUIN_BASE_SPEC: TConfigSpecInput = {
  specVersion: 1,
  preprocessing: {},
  model: {
    layers: [
      { type: "dense", units: 16, activation: "relu" },
      { type: "batchNormalization" },
      { type: "dense", units: 8, activation: "relu" },
      { type: "dense", units: 3, activation: "softmax" },
    ],
  },
  training: { optimizer: { type: "adam", learningRate: 0.01 }, epochs: 6, batchSize: 32 },
};

/** penguins.csv plus a new target, `heavy` (body mass over 4.2 kg): every column the base model reads is there. */
export function heavyPenguinsCsv(): string {
  const lines = sampleBytes("penguins").toString("utf8").trim().split("\n");
  const mass = lines[0]!.split(",").indexOf("body_mass_g");
  return [
    `${lines[0]},heavy`,
    ...lines.slice(1).map((l) => `${l},${Number(l.split(",")[mass]) > 4200 ? "yes" : "no"}`),
  ].join("\n");
}
