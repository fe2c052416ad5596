import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { analyzeSpec } from "../../lib/configs/shapes";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../../lib/factories/shape-fixtures";
import { ZConfigSpec } from "../../lib/configs/spec";
import { templatesFor, templateSpec } from "../../lib/configs/templates";
import { buildModel } from "./build-model";

const penguins = PENGUINS_SHAPE;
const digits = DIGITS_SHAPE;

describe("our shape inference agrees with TensorFlow.js", () => {
  it.each(templatesFor(PENGUINS_SHAPE))("template %s on penguins", async (id) => {
    await tf.setBackend("cpu");
    const spec = ZConfigSpec.parse(templateSpec(id, 3));
    const { issues, analysis } = analyzeSpec(spec, penguins);
    expect(issues).toEqual([]);
    expect(analysis!.inputShape).toEqual([9]); // 4 numeric + island (3) + sex (2)
    const model = buildModel(tf, spec, analysis!.inputShape);
    expect(model.countParams()).toBe(analysis!.totalParams);
    expect(model.outputs[0]!.shape.slice(1)).toEqual(analysis!.outputShape);
    model.layers.forEach((layer, i) =>
      expect((layer.outputShape as number[]).slice(1), `layer ${i}`).toEqual(analysis!.layers[i]!.outputShape),
    );
    model.dispose();
  });

  it("small CNN on 28×28 grayscale digits, and 'same'/'valid' padding with strides", async () => {
    await tf.setBackend("cpu");
    for (const spec of [
      ZConfigSpec.parse(templateSpec("smallCnn", 10)),
      ZConfigSpec.parse({
        ...templateSpec("smallCnn", 10),
        model: {
          layers: [
            { type: "conv2d", filters: 8, kernelSize: [5, 3], strides: 2, padding: "valid", activation: "relu" },
            { type: "batchNormalization" },
            { type: "averagePooling2d", poolSize: 3, strides: 1, padding: "same" },
            { type: "conv2d", filters: 4, kernelSize: 3, useBias: false },
            { type: "globalAveragePooling2d" },
            { type: "dense", units: 10, activation: "softmax" },
          ],
        },
      }),
    ]) {
      const { issues, analysis } = analyzeSpec(spec, digits);
      expect(issues).toEqual([]);
      const model = buildModel(tf, spec, analysis!.inputShape);
      expect(model.countParams()).toBe(analysis!.totalParams);
      model.layers.forEach((layer, i) =>
        expect((layer.outputShape as number[]).slice(1), `layer ${i}`).toEqual(analysis!.layers[i]!.outputShape),
      );
      model.dispose();
    }
  });
});
