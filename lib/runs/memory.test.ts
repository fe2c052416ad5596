import { describe, expect, it } from "vitest";
import { analyzeSpec } from "../configs/shapes";
import { templateSpec } from "../configs/templates";
import { ZConfigSpec } from "../configs/spec";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../factories/shape-fixtures";
import { estimateTrainingBytes, isOutOfMemory } from "./memory";

describe("training memory estimate", () => {
  it("counts weights with optimizer slots, one batch of activations and the data, by hand", () => {
    // 2 inputs → dense 3 → dense 1: 2·3+3 + 3·1+1 = 13 params; activations per sample 2 + 3 + 1 = 6.
    const analysis = {
      inputShape: [2],
      layers: [
        { index: 0, type: "dense", outputShape: [3], params: 9 },
        { index: 1, type: "dense", outputShape: [1], params: 4 },
      ],
      totalParams: 13,
    };
    expect(estimateTrainingBytes(analysis, 10, 100)).toBe(4 * (4 * 13 + 2 * 10 * 6 + 100 * 2));
  });

  it("grows with the batch size and the model, for real specs", () => {
    const mlp = analyzeSpec(ZConfigSpec.parse(templateSpec("mlp", 3)), PENGUINS_SHAPE).analysis!;
    const cnn = analyzeSpec(ZConfigSpec.parse(templateSpec("smallCnn", 10)), DIGITS_SHAPE).analysis!;
    expect(estimateTrainingBytes(mlp, 64, 300)).toBeGreaterThan(estimateTrainingBytes(mlp, 8, 300));
    expect(estimateTrainingBytes(cnn, 32, 300)).toBeGreaterThan(estimateTrainingBytes(mlp, 32, 300));
  });

  it("recognises out-of-memory errors from the backends, and nothing else", () => {
    expect(isOutOfMemory(new Error("OOM when allocating tensor with shape[100000,100000]"))).toBe(true);
    expect(isOutOfMemory(new RangeError("Array buffer allocation failed"))).toBe(true);
    expect(isOutOfMemory(new Error("Cannot enlarge memory arrays"))).toBe(true);
    expect(isOutOfMemory(new Error("CUDA_ERROR_OUT_OF_MEMORY: out of memory"))).toBe(true);
    expect(isOutOfMemory(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toBe(false);
    expect(isOutOfMemory(new Error("Zoom level"))).toBe(false);
  });
});
