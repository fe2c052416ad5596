import { describe, expect, it } from "vitest";
import { diffSpecs } from "./diff";
import { analyzeSpec, DEFAULT_LIMITS, type TDatasetShapeInfo } from "./shapes";
import { configJsonSchema, ZConfigSpec } from "./spec";
import { templateSpec } from "./templates";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../factories/shape-fixtures";
import { validateSpec } from "./validate";

// Penguins with a free-text column added, to check that text is not encoded.
const penguins: TDatasetShapeInfo = {
  ...PENGUINS_SHAPE,
  columns: [...PENGUINS_SHAPE.columns!.slice(0, 3), { name: "notes", type: "text", distinct: 300 }],
};
const mlp = () =>
  structuredClone(templateSpec("mlp", 3)) as Record<string, unknown> & {
    model: { layers: Record<string, unknown>[] };
    training: Record<string, unknown>;
  };
const messages = (input: unknown, dataset: TDatasetShapeInfo | null = null) => {
  const r = validateSpec(input, dataset);
  return r.ok ? [] : r.issues.map((i) => i.message);
};

describe("config spec", () => {
  it("fills defaults and accepts every template", () => {
    const spec = ZConfigSpec.parse(templateSpec("mlp", 3));
    expect(spec.preprocessing.missing).toEqual({
      numeric: "mean",
      categorical: "mostFrequent",
      numericConstant: 0,
      categoricalConstant: "missing",
    });
    expect(spec.training.schedule).toEqual({ type: "constant" });
    expect(spec.model.layers[0]).toMatchObject({ type: "dense", units: 64, useBias: true });
    for (const id of ["logisticRegression", "linearRegression", "smallCnn"] as const)
      expect(ZConfigSpec.safeParse(templateSpec(id, 3)).success).toBe(true);
  });

  it("exports JSON Schema with the layer types", () => {
    const schema = JSON.stringify(configJsonSchema());
    for (const t of ["dense", "conv2d", "globalAveragePooling2d", "cosine", "nesterov"]) expect(schema).toContain(t);
  });

  it("rejects invalid JSON, unknown fields, wrong types, absurd numbers and an empty layer list, each with its path", () => {
    expect(messages("{ not json")[0]).toMatch(/^\(root\): not valid JSON/);
    const unknown = mlp();
    (unknown.training as Record<string, unknown>).learningrate = 0.1;
    expect(messages(unknown)).toEqual(['training: unknown field "learningrate"']);
    const wrongType = mlp();
    wrongType.model.layers[0]!.units = "64";
    expect(messages(wrongType)).toEqual(["model.layers[0].units: must be number"]);
    const negative = mlp();
    negative.training.epochs = -3;
    expect(messages(negative)).toEqual(["training.epochs: must be ≥ 1"]);
    const absurd = mlp();
    absurd.model.layers[1]!.rate = 5;
    expect(messages(absurd)).toEqual(["model.layers[1].rate: must be ≤ 0.95"]);
    const empty = mlp();
    empty.model.layers = [];
    expect(messages(empty)).toEqual(["model.layers: needs at least 1 item(s)"]);
    const badLayer = mlp();
    badLayer.model.layers[0] = { type: "transformer", units: 3 }; // not a layer type (lstm is one since issue 17)
    expect(messages(badLayer)[0]).toMatch(/^model\.layers\[0\]\.type: must be one of "dense"/);
    expect(messages("x".repeat(70_000))[0]).toBe("(root): the config is larger than 64 KB");
  });

  it("names the exact field when layers do not fit the dataset", () => {
    const cnn = templateSpec("smallCnn", 3);
    expect(messages(cnn, penguins)[0]).toBe(
      "model.layers[0].kernelSize: conv2d needs image input; dataset penguins is tabular",
    );
    const flatThenConv = structuredClone(templateSpec("smallCnn", 10)) as { model: { layers: unknown[] } };
    flatThenConv.model.layers.splice(0, 0, { type: "flatten" });
    const digits = DIGITS_SHAPE;
    expect(messages(flatThenConv, digits)[0]).toMatch(
      /^model\.layers\[1\]\.kernelSize: conv2d needs a \[height, width, channels\] input; it gets \[784\]/,
    );
    const denseOnImage = { ...templateSpec("mlp", 10) };
    expect(messages(denseOnImage, digits)[0]).toBe(
      "model.layers[0].type: dense needs a flat input; it gets [28, 28, 1] (add flatten or globalAveragePooling2d before it)",
    );
    expect(messages(templateSpec("mlp", 4), penguins)).toEqual([
      "model.layers[3].units: the model must output 3 values (one per class of penguins); it outputs [4]",
    ]);
    const bigKernel = structuredClone(templateSpec("smallCnn", 10)) as { model: { layers: Record<string, unknown>[] } };
    bigKernel.model.layers[0] = { type: "conv2d", filters: 4, kernelSize: 15, strides: 15 };
    bigKernel.model.layers[1] = { type: "dropout", rate: 0.1 };
    bigKernel.model.layers[2] = { type: "conv2d", filters: 4, kernelSize: 3 };
    expect(messages(bigKernel, digits)[0]).toBe(
      'model.layers[2].kernelSize: a 3×3 kernel does not fit the 1×1 input (use padding "same" or a smaller kernel)',
    );
  });

  it("counts features after one-hot encoding, honouring excludes and skipping text", () => {
    const spec = ZConfigSpec.parse(templateSpec("logisticRegression", 3));
    expect(analyzeSpec(spec, penguins).analysis?.inputShape).toEqual([4]);
    expect(
      analyzeSpec({ ...spec, preprocessing: { ...spec.preprocessing, excludeColumns: ["island"] } }, penguins).analysis
        ?.features,
    ).toEqual(["bill_length_mm"]);
    expect(
      analyzeSpec(
        { ...spec, preprocessing: { ...spec.preprocessing, excludeColumns: ["island", "bill_length_mm"] } },
        penguins,
      ).issues[0]?.message,
    ).toBe("preprocessing.excludeColumns: no input columns are left for dataset penguins");
  });

  it("enforces the server's limits", () => {
    const spec = ZConfigSpec.parse({
      ...templateSpec("mlp", 3),
      training: { ...templateSpec("mlp", 3).training, epochs: 10_000, batchSize: 100_000 },
    });
    const huge = {
      ...spec,
      model: {
        layers: [
          {
            type: "dense" as const,
            units: 8192,
            activation: "relu" as const,
            useBias: true,
            kernelInitializer: "glorotUniform" as const,
          },
          {
            type: "dense" as const,
            units: 8192,
            activation: "relu" as const,
            useBias: true,
            kernelInitializer: "glorotUniform" as const,
          },
          ...spec.model.layers.slice(-1),
        ],
      },
    };
    const issues = analyzeSpec(huge, penguins, DEFAULT_LIMITS).issues.map((i) => i.path);
    expect(issues).toEqual(["training.epochs", "training.batchSize", "model.layers"]);
  });
});

describe("structured diff", () => {
  it("lists only changed leaf paths, or everything on request", () => {
    const a = ZConfigSpec.parse(templateSpec("mlp", 3));
    const b = structuredClone(a);
    (b.training.optimizer as { learningRate: number }).learningRate = 0.01;
    expect(diffSpecs(a, b)).toEqual([
      { path: "training.optimizer.learningRate", kind: "changed", before: 0.001, after: 0.01 },
    ]);
    expect(diffSpecs(a, b, { includeSame: true }).length).toBeGreaterThan(30);
    const c = structuredClone(a);
    c.model.layers.splice(1, 1);
    const d = diffSpecs(a, c).map((e) => `${e.kind} ${e.path}`);
    expect(d).toContain("changed model.layers[1].type");
    expect(d).toContain("removed model.layers[3].units");
  });
});
