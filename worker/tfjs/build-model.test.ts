import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { analyzeSpec, type TDatasetShapeInfo } from "../../lib/configs/shapes";
import { ZConfigSpec } from "../../lib/configs/spec";
import { TEMPLATE_IDS, templateSpec } from "../../lib/configs/templates";
import { buildModel } from "./build-model";

const penguins: TDatasetShapeInfo = {
  name: "penguins",
  kind: "TABULAR",
  taskType: "CLASSIFICATION",
  classes: ["Adelie", "Chinstrap", "Gentoo"],
  targetColumn: "species",
  columns: [
    { name: "species", type: "categorical", distinct: 3 },
    { name: "island", type: "categorical", distinct: 3 },
    { name: "bill_length_mm", type: "numeric", distinct: 164 },
    { name: "bill_depth_mm", type: "numeric", distinct: 80 },
    { name: "flipper_length_mm", type: "numeric", distinct: 55 },
    { name: "body_mass_g", type: "numeric", distinct: 94 },
    { name: "sex", type: "categorical", distinct: 2 },
  ],
};
const digits: TDatasetShapeInfo = { name: "digits", kind: "IMAGE", taskType: "CLASSIFICATION", classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], targetColumn: "class", image: { width: 28, height: 28, channels: 1 } };

describe("our shape inference agrees with TensorFlow.js", () => {
  it.each(TEMPLATE_IDS.filter((t) => t !== "smallCnn" && t !== "linearRegression"))("template %s on penguins", async (id) => {
    await tf.setBackend("cpu");
    const spec = ZConfigSpec.parse(templateSpec(id, 3));
    const { issues, analysis } = analyzeSpec(spec, penguins);
    expect(issues).toEqual([]);
    expect(analysis!.inputShape).toEqual([9]); // 4 numeric + island (3) + sex (2)
    const model = buildModel(tf, spec, analysis!.inputShape);
    expect(model.countParams()).toBe(analysis!.totalParams);
    expect(model.outputs[0]!.shape.slice(1)).toEqual(analysis!.outputShape);
    model.layers.forEach((layer, i) => expect((layer.outputShape as number[]).slice(1), `layer ${i}`).toEqual(analysis!.layers[i]!.outputShape));
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
      model.layers.forEach((layer, i) => expect((layer.outputShape as number[]).slice(1), `layer ${i}`).toEqual(analysis!.layers[i]!.outputShape));
      model.dispose();
    }
  });
});
