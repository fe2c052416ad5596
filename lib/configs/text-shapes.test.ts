import { describe, expect, it } from "vitest";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../factories/shape-fixtures";
import { REVIEWS_SHAPE } from "../factories/text-fixtures";
import { analyzeSpec } from "./shapes";
import { ZConfigSpec, type TConfigSpecInput } from "./spec";

type TLayers = TConfigSpecInput["model"]["layers"];
const HEAD = { type: "dense", units: 2, activation: "softmax" } as const;

function textSpec(layers: TLayers, text: Record<string, unknown> = {}) {
  return ZConfigSpec.parse({
    specVersion: 1,
    preprocessing: { text: { column: "review", vocabularySize: 1000, maxLength: 20, ...text } },
    model: { layers },
    training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 8 },
  });
}
const analyze = (layers: TLayers, text?: Record<string, unknown>, dataset = REVIEWS_SHAPE) =>
  analyzeSpec(textSpec(layers, text), dataset);

describe("shape inference for text models", () => {
  it("takes the text column's ids as the input and counts every text layer's parameters", () => {
    const { issues, analysis } = analyze([
      { type: "embedding", outputDim: 8 },
      { type: "conv1d", filters: 6, kernelSize: 3, padding: "valid", activation: "relu" },
      { type: "maxPooling1d", poolSize: 2 },
      { type: "bidirectional", layer: { type: "lstm", units: 5, returnSequences: true }, mergeMode: "concat" },
      { type: "gru", units: 4, returnSequences: true },
      { type: "simpleRNN", units: 3, returnSequences: true },
      { type: "globalMaxPooling1d" },
      HEAD,
    ]);
    expect(issues).toEqual([]);
    expect(analysis!.inputShape).toEqual([20]);
    expect(analysis!.features).toEqual(["review"]);
    expect(analysis!.layers.map((l) => [l.outputShape, l.params])).toEqual([
      [[20, 8], 1000 * 8],
      [[18, 6], 3 * 8 * 6 + 6],
      [[9, 6], 0],
      [[9, 10], 2 * 4 * (5 * (6 + 5) + 5)],
      [[9, 4], 3 * (4 * (10 + 4) + 4)],
      [[9, 3], 3 * (4 + 3) + 3],
      [[3], 0],
      [[2], 3 * 2 + 2],
    ]);
  });

  it("merges bidirectional outputs by sum without doubling the width, and ends a sequence without returnSequences", () => {
    const { issues, analysis } = analyze([
      { type: "embedding", outputDim: 4 },
      { type: "bidirectional", layer: { type: "gru", units: 6 }, mergeMode: "sum" },
      HEAD,
    ]);
    expect(issues).toEqual([]);
    expect(analysis!.layers[1]!.outputShape).toEqual([6]);
    expect(analysis!.layers[1]!.params).toBe(2 * 3 * (6 * (4 + 6) + 6));
  });

  it("names the field and the reason for each misuse", () => {
    const codes = (layers: TLayers, text?: Record<string, unknown>, dataset = REVIEWS_SHAPE) =>
      analyze(layers, text, dataset).issues.map((i) => [i.path, i.code, i.message]);
    expect(codes([{ type: "dense", units: 4 }, HEAD])).toContainEqual([
      "model.layers[0].type",
      "textNeedsEmbedding",
      "model.layers[0].type: the input is token ids, so the first layer must be an embedding (it is dense)",
    ]);
    expect(
      codes([{ type: "embedding", outputDim: 4 }, { type: "lstm", units: 3 }, { type: "lstm", units: 3 }, HEAD]),
    ).toEqual([
      [
        "model.layers[2].type",
        "needsSequence",
        "model.layers[2].type: lstm needs a sequence input [steps, features]; it gets [3] (start with an embedding, or set returnSequences on the recurrent layer before it)",
      ],
    ]);
    expect(
      codes([
        { type: "embedding", outputDim: 4 },
        { type: "embedding", outputDim: 4 },
      ])[0]![1],
    ).toBe("embeddingFirst");
    expect(
      codes(
        [
          { type: "embedding", outputDim: 4 },
          { type: "conv1d", filters: 2, kernelSize: 9 },
        ],
        { maxLength: 8 },
      ),
    ).toEqual([
      [
        "model.layers[1].kernelSize",
        "kernelTooLarge",
        'model.layers[1].kernelSize: a 9 kernel does not fit the 8 input (use padding "same" or a smaller kernel)',
      ],
    ]);
    expect(codes([{ type: "embedding", outputDim: 4 }, HEAD], { column: "stars" })).toEqual([
      [
        "preprocessing.text.column",
        "notTextColumn",
        "preprocessing.text.column: column 'stars' is not a text column of dataset reviews",
      ],
    ]);
    expect(codes([{ type: "embedding", outputDim: 4 }, HEAD], { column: "nope" })[0]![1]).toBe("notTextColumn");
    expect(codes([{ type: "embedding", outputDim: 4 }, HEAD], {}, DIGITS_SHAPE)[0]![1]).toBe("textNeedsTabular");
  });

  it("refuses an embedding without text input, and sequence layers on flat tabular input", () => {
    const base = ZConfigSpec.parse({
      specVersion: 1,
      preprocessing: {},
      model: {
        layers: [
          { type: "embedding", outputDim: 4 },
          { type: "dense", units: 3, activation: "softmax" },
        ],
      },
      training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 8 },
    });
    expect(analyzeSpec(base, PENGUINS_SHAPE).issues.map((i) => i.message)).toEqual([
      "model.layers[0].type: embedding needs text input; set preprocessing.text to a text column",
    ]);
    const gru = { ...base, model: { layers: [{ ...base.model.layers[1]!, type: "gru" as const }] } };
    const parsed = ZConfigSpec.parse({ ...gru, model: { layers: [{ type: "gru", units: 3 }] } });
    expect(analyzeSpec(parsed, PENGUINS_SHAPE).issues[0]!.code).toBe("needsSequence");
  });

  it("validates the text options' ranges", () => {
    const parse = (text: Record<string, unknown>) =>
      ZConfigSpec.safeParse({
        specVersion: 1,
        preprocessing: { text: { column: "review", ...text } },
        model: { layers: [HEAD] },
        training: { optimizer: { type: "adam" }, epochs: 1, batchSize: 8 },
      });
    expect(parse({}).data?.preprocessing.text).toEqual({
      column: "review",
      level: "auto",
      vocabularySize: 10000,
      maxLength: 64,
      lowercase: true,
    });
    expect(parse({ vocabularySize: 99 }).success).toBe(false);
    expect(parse({ maxLength: 1001 }).success).toBe(false);
    expect(parse({ level: "sentence" }).success).toBe(false);
  });
});
