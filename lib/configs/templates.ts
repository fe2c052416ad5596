import type { TConfigSpecInput } from "./spec";

/** One-click starting points. `outputs` is the class count (classification) or 1 (regression). */
export const TEMPLATE_IDS = ["logisticRegression", "linearRegression", "mlp", "smallCnn"] as const;
export type TTemplateId = (typeof TEMPLATE_IDS)[number];

const basePre = { numericScaling: "standard" as const, excludeColumns: [] };

export function templateSpec(id: TTemplateId, outputs: number): TConfigSpecInput {
  const classification = id !== "linearRegression";
  const head = classification
    ? { type: "dense" as const, units: Math.max(2, outputs), activation: "softmax" as const }
    : { type: "dense" as const, units: 1, activation: "linear" as const };
  const training = (epochs: number, batchSize: number, learningRate: number) => ({
    optimizer: { type: "adam" as const, learningRate },
    epochs,
    batchSize,
    earlyStopping: { enabled: true, monitor: "val_loss" as const, patience: 5, restoreBest: true },
    seed: 42,
  });
  switch (id) {
    case "logisticRegression":
      return { specVersion: 1, preprocessing: basePre, model: { layers: [head] }, training: training(100, 32, 0.05) };
    case "linearRegression":
      return {
        specVersion: 1,
        preprocessing: basePre,
        model: { layers: [head] },
        training: { ...training(100, 32, 0.05), loss: "meanSquaredError" },
      };
    case "mlp":
      return {
        specVersion: 1,
        preprocessing: basePre,
        model: {
          layers: [
            { type: "dense", units: 64, activation: "relu", kernelInitializer: "heNormal" },
            { type: "dropout", rate: 0.2 },
            { type: "dense", units: 32, activation: "relu", kernelInitializer: "heNormal" },
            head,
          ],
        },
        training: training(50, 32, 0.001),
      };
    case "smallCnn":
      return {
        specVersion: 1,
        preprocessing: {
          ...basePre,
          image: {
            normalization: "scale01",
            augmentation: { flipHorizontal: false, rotationDegrees: 0, shiftFraction: 0 },
          },
        },
        model: {
          layers: [
            { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu", padding: "same" },
            { type: "maxPooling2d", poolSize: 2 },
            { type: "conv2d", filters: 32, kernelSize: 3, activation: "relu", padding: "same" },
            { type: "maxPooling2d", poolSize: 2 },
            { type: "flatten" },
            { type: "dense", units: 64, activation: "relu" },
            { type: "dropout", rate: 0.3 },
            head,
          ],
        },
        training: training(20, 64, 0.001),
      };
  }
}
