import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { analyzeSpec } from "../../lib/configs/shapes";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../../lib/factories/shape-fixtures";
import { ZConfigSpec, type TConfigSpecInput } from "../../lib/configs/spec";
import { REVIEWS_SHAPE } from "../../lib/factories/text-fixtures";
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

describe("text layers: our shape inference and parameter counts agree with TensorFlow.js", () => {
  const text = { column: "review", vocabularySize: 500, maxLength: 24 };
  const head = { type: "dense", units: 2, activation: "softmax" } as const;
  const models: TConfigSpecInput["model"]["layers"][] = [
    [{ type: "embedding", outputDim: 8 }, { type: "globalAveragePooling1d" }, head],
    [
      { type: "embedding", outputDim: 6, embeddingsInitializer: "glorotUniform" },
      { type: "conv1d", filters: 5, kernelSize: 3, strides: 2, padding: "same", activation: "relu" },
      { type: "maxPooling1d", poolSize: 3, strides: 1, padding: "valid" },
      { type: "conv1d", filters: 4, kernelSize: 2, useBias: false },
      { type: "globalMaxPooling1d" },
      head,
    ],
    [
      { type: "embedding", outputDim: 5 },
      { type: "simpleRNN", units: 4, returnSequences: true },
      { type: "gru", units: 3, returnSequences: true, dropout: 0.1, recurrentDropout: 0.1 },
      { type: "lstm", units: 7 },
      head,
    ],
    ...(["concat", "sum", "mul", "ave"] as const).map((mergeMode) => [
      { type: "embedding" as const, outputDim: 4 },
      { type: "bidirectional" as const, layer: { type: "gru" as const, units: 3, returnSequences: true }, mergeMode },
      { type: "bidirectional" as const, layer: { type: "lstm" as const, units: 2 }, mergeMode },
      head,
    ]),
    [
      { type: "embedding", outputDim: 4 },
      { type: "bidirectional", layer: { type: "simpleRNN", units: 3, returnSequences: true } },
      { type: "flatten" },
      head,
    ],
  ];
  it.each(models.map((layers, i) => [i, layers] as const))("text model %i", async (_, layers) => {
    await tf.setBackend("cpu");
    const spec = ZConfigSpec.parse({
      specVersion: 1,
      preprocessing: { text },
      model: { layers },
      training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 8 },
    });
    const { issues, analysis } = analyzeSpec(spec, REVIEWS_SHAPE);
    expect(issues).toEqual([]);
    const model = buildModel(tf, spec, { inputShape: analysis!.inputShape, vocabularySize: text.vocabularySize });
    expect(model.countParams()).toBe(analysis!.totalParams);
    model.layers.forEach((layer, i) => {
      expect((layer.outputShape as number[]).slice(1), `layer ${i}`).toEqual(analysis!.layers[i]!.outputShape);
      expect(layer.countParams(), `layer ${i} params`).toBe(analysis!.layers[i]!.params);
    });
    model.dispose();
  });

  it("refuses to build an embedding without the fitted vocabulary size", async () => {
    await tf.setBackend("cpu");
    const spec = ZConfigSpec.parse({
      specVersion: 1,
      preprocessing: { text },
      model: { layers: models[0] },
      training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 8 },
    });
    expect(() => buildModel(tf, spec, [24])).toThrow(/vocabulary size/);
  });
});
