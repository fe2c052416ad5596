import type { TConfigSpec, TLayer } from "./spec";
import { sequenceStep, textInputOf, type TSequenceContext } from "./text-shapes";

/**
 * Shape inference and parameter counting for a spec on a given dataset, with
 * errors that name the exact field and the reason, e.g.
 *   model.layers[3].kernelSize: conv2d needs image input; dataset penguins is tabular
 */
export type TDatasetShapeInfo = {
  name: string;
  kind: "TABULAR" | "IMAGE";
  taskType: "CLASSIFICATION" | "REGRESSION";
  classes: string[];
  targetColumn: string;
  /** Tabular: column schema from the dataset version. */
  columns?: { name: string; type: string; distinct: number }[];
  /** Image: fixed size of the version. */
  image?: { width: number; height: number; channels: number };
};

export type TSpecIssue = { path: string; code: string; params: Record<string, string | number>; message: string };
export type TLayerShape = { index: number; type: string; outputShape: number[]; params: number };
export type TShapeAnalysis = {
  inputShape: number[];
  layers: TLayerShape[];
  totalParams: number;
  outputShape: number[];
  features: string[];
};

export type TLimits = { maxParams: number; maxLayers: number; maxEpochs: number; maxBatchSize: number };
export const DEFAULT_LIMITS: TLimits = { maxParams: 5_000_000, maxLayers: 50, maxEpochs: 500, maxBatchSize: 4096 };

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);
const fmt = (shape: number[]) => `[${shape.join(", ")}]`;

/**
 * The columns a tabular spec feeds to the model, and the width of each after encoding. A datetime column's width
 * is an upper bound (parts constant on the train rows are dropped when fitted); `elapsed` marks the time between
 * two datetime columns (preprocessing.datetime.elapsed), named "to − from".
 */
export function tabularFeatures(
  spec: TConfigSpec,
  dataset: TDatasetShapeInfo,
): { name: string; width: number; elapsed?: true }[] {
  const pre = spec.preprocessing;
  const include = pre.includeColumns ? new Set(pre.includeColumns) : null;
  const exclude = new Set(pre.excludeColumns);
  const out: { name: string; width: number; elapsed?: true }[] = [];
  for (const col of dataset.columns ?? []) {
    if (col.name === dataset.targetColumn || exclude.has(col.name) || (include && !include.has(col.name))) continue;
    if (col.type === "numeric" || col.type === "boolean") out.push({ name: col.name, width: 1 });
    else if (col.type === "categorical")
      out.push({ name: col.name, width: Math.min(col.distinct, pre.categoricalEncoding.maxCategories) });
    else if (col.type === "datetime" && pre.datetime.features.length)
      out.push({
        name: col.name,
        // "timestamp" is one column; each cyclic part a sin and a cos.
        width: pre.datetime.features.reduce((a, p) => a + (p === "timestamp" ? 1 : 2), 0),
      });
    // text columns are not encoded by spec version 1
  }
  for (const e of pre.datetime.elapsed) out.push({ name: `${e.to} − ${e.from}`, width: 1, elapsed: true });
  return out;
}

function issue(path: string, code: string, params: Record<string, string | number>, message: string): TSpecIssue {
  return { path, code, params, message: `${path}: ${message}` };
}

/** Validates limits and, with a dataset, layer shapes and the output head. */
export function analyzeSpec(
  spec: TConfigSpec,
  dataset: TDatasetShapeInfo | null,
  limits: TLimits = DEFAULT_LIMITS,
  /** The layers' input when it is not the dataset's own (a fine-tuned head sits on its base's output). */
  options: { inputShape?: number[] } = {},
): { issues: TSpecIssue[]; analysis: TShapeAnalysis | null } {
  const issues: TSpecIssue[] = [];
  const layers = spec.model.layers;
  if (layers.length > limits.maxLayers)
    issues.push(
      issue(
        "model.layers",
        "tooManyLayers",
        { max: limits.maxLayers, count: layers.length },
        `at most ${limits.maxLayers} layers are allowed; this model has ${layers.length}`,
      ),
    );
  if (spec.training.epochs > limits.maxEpochs)
    issues.push(
      issue(
        "training.epochs",
        "tooManyEpochs",
        { max: limits.maxEpochs },
        `at most ${limits.maxEpochs} epochs are allowed`,
      ),
    );
  if (spec.training.batchSize > limits.maxBatchSize)
    issues.push(
      issue(
        "training.batchSize",
        "batchTooLarge",
        { max: limits.maxBatchSize },
        `the batch size can be at most ${limits.maxBatchSize}`,
      ),
    );
  if (!dataset) return { issues, analysis: null };
  if (dataset.kind === "TABULAR")
    spec.preprocessing.datetime.elapsed.forEach((e, i) => {
      for (const end of ["from", "to"] as const)
        if (!dataset.columns?.some((c) => c.name === e[end] && c.type === "datetime"))
          issues.push(
            issue(
              `preprocessing.datetime.elapsed[${i}].${end}`,
              "elapsedNotDatetime",
              { column: e[end], dataset: dataset.name },
              `${e[end]} is not a datetime column of dataset ${dataset.name}`,
            ),
          );
    });

  const text = options.inputShape ? null : textInputOf(spec, dataset);
  if (text) issues.push(...text.issues);
  if (text && !text.shape) return { issues, analysis: null };
  const features = text
    ? text.features.map((name) => ({ name, width: text.shape![0]! }))
    : dataset.kind === "TABULAR"
      ? tabularFeatures(spec, dataset)
      : [];
  let shape: number[] = options.inputShape
    ? options.inputShape
    : text
      ? text.shape!
      : dataset.kind === "IMAGE" && dataset.image
        ? [dataset.image.height, dataset.image.width, dataset.image.channels]
        : [features.reduce((a, f) => a + f.width, 0)];
  const inputShape = shape;
  if (dataset.kind === "TABULAR" && !options.inputShape && shape[0] === 0) {
    issues.push(
      issue(
        "preprocessing.excludeColumns",
        "noFeatures",
        { dataset: dataset.name },
        `no input columns are left for dataset ${dataset.name}`,
      ),
    );
    return { issues, analysis: null };
  }
  const shapes: TLayerShape[] = [];
  let total = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const at = `model.layers[${i}]`;
    const result = step(layer, shape, at, dataset, {
      index: options.inputShape ? i + 1 : i,
      vocabularySize: text ? spec.preprocessing.text!.vocabularySize : null,
    });
    if ("error" in result) {
      issues.push(result.error);
      return {
        issues,
        analysis: {
          inputShape,
          layers: shapes,
          totalParams: total,
          outputShape: shape,
          features: features.map((f) => f.name),
        },
      };
    }
    shape = result.shape;
    total += result.params;
    shapes.push({ index: i, type: layer.type, outputShape: shape, params: result.params });
  }
  if (total > limits.maxParams)
    issues.push(
      issue(
        "model.layers",
        "tooManyParams",
        { max: limits.maxParams, count: total },
        `the model has ${total.toLocaleString("en-US")} parameters; at most ${limits.maxParams.toLocaleString("en-US")} are allowed`,
      ),
    );

  const want = dataset.taskType === "CLASSIFICATION" ? dataset.classes.length : 1;
  const last = layers.length - 1;
  const lastDense = [...layers.keys()].reverse().find((k) => layers[k]!.type === "dense");
  if (shape.length !== 1 || shape[0] !== want) {
    const path = lastDense !== undefined ? `model.layers[${lastDense}].units` : `model.layers[${last}]`;
    issues.push(
      dataset.taskType === "CLASSIFICATION"
        ? issue(
            path,
            "outputClasses",
            { want, got: fmt(shape), dataset: dataset.name },
            `the model must output ${want} values (one per class of ${dataset.name}); it outputs ${fmt(shape)}`,
          )
        : issue(
            path,
            "outputRegression",
            { got: fmt(shape), dataset: dataset.name },
            `a regression model must output 1 value for ${dataset.name}; it outputs ${fmt(shape)}`,
          ),
    );
  }
  // A crossentropy on one linear output trains without error but learns nothing: refuse it before a run does.
  const loss = spec.training.loss;
  if (dataset.taskType === "REGRESSION" && (loss === "categoricalCrossentropy" || loss === "binaryCrossentropy"))
    issues.push(
      issue(
        "training.loss",
        "lossNeedsClasses",
        { loss, dataset: dataset.name },
        `${loss} needs classes; dataset ${dataset.name} is a regression dataset (use meanSquaredError, meanAbsoluteError or huber)`,
      ),
    );
  return {
    issues,
    analysis: {
      inputShape,
      layers: shapes,
      totalParams: total,
      outputShape: shape,
      features: features.map((f) => f.name),
    },
  };
}

function step(
  layer: TLayer,
  shape: number[],
  at: string,
  dataset: TDatasetShapeInfo,
  sequence: TSequenceContext,
): { shape: number[]; params: number } | { error: TSpecIssue } {
  const needImage = (field: string) =>
    dataset.kind === "TABULAR"
      ? {
          error: issue(
            `${at}.${field}`,
            "needsImage",
            { layer: layer.type, dataset: dataset.name },
            `${layer.type} needs image input; dataset ${dataset.name} is tabular`,
          ),
        }
      : {
          error: issue(
            `${at}.${field}`,
            "needsRank3",
            { layer: layer.type, got: fmt(shape) },
            `${layer.type} needs a [height, width, channels] input; it gets ${fmt(shape)} (remove the flatten before it?)`,
          ),
        };
  switch (layer.type) {
    case "dense": {
      if (shape.length !== 1)
        return {
          error: issue(
            `${at}.type`,
            "needsFlat",
            { got: fmt(shape) },
            `dense needs a flat input; it gets ${fmt(shape)} (add flatten or globalAveragePooling2d before it)`,
          ),
        };
      const inDim = shape[0]!;
      return { shape: [layer.units], params: inDim * layer.units + (layer.useBias ? layer.units : 0) };
    }
    case "dropout":
    case "activation":
      return { shape, params: 0 };
    case "batchNormalization":
      return { shape, params: 4 * shape[shape.length - 1]! };
    case "flatten":
      return { shape: [shape.reduce((a, b) => a * b, 1)], params: 0 };
    case "globalAveragePooling2d":
      if (shape.length !== 3) return needImage("type");
      return { shape: [shape[2]!], params: 0 };
    case "conv2d": {
      if (shape.length !== 3) return needImage("kernelSize");
      const [kh, kw] = pair(layer.kernelSize);
      const [sh, sw] = pair(layer.strides);
      const out = spatial(shape, [kh, kw], [sh, sw], layer.padding);
      if (!out)
        return {
          error: issue(
            `${at}.kernelSize`,
            "kernelTooLarge",
            { what: "kernel", kernel: `${kh}×${kw}`, input: `${shape[0]}×${shape[1]}` },
            `a ${kh}×${kw} kernel does not fit the ${shape[0]}×${shape[1]} input (use padding "same" or a smaller kernel)`,
          ),
        };
      return {
        shape: [out[0], out[1], layer.filters],
        params: kh * kw * shape[2]! * layer.filters + (layer.useBias ? layer.filters : 0),
      };
    }
    case "embedding":
    case "conv1d":
    case "maxPooling1d":
    case "globalMaxPooling1d":
    case "globalAveragePooling1d":
    case "simpleRNN":
    case "lstm":
    case "gru":
    case "bidirectional":
      return sequenceStep(layer, shape, at, sequence);
    case "maxPooling2d":
    case "averagePooling2d": {
      if (shape.length !== 3) return needImage("poolSize");
      const [ph, pw] = pair(layer.poolSize);
      const [sh, sw] = pair(layer.strides ?? layer.poolSize);
      const out = spatial(shape, [ph, pw], [sh, sw], layer.padding);
      if (!out)
        return {
          error: issue(
            `${at}.poolSize`,
            "kernelTooLarge",
            { what: "pool", kernel: `${ph}×${pw}`, input: `${shape[0]}×${shape[1]}` },
            `a ${ph}×${pw} pool does not fit the ${shape[0]}×${shape[1]} input`,
          ),
        };
      return { shape: [out[0], out[1], shape[2]!], params: 0 };
    }
  }
}

function spatial(
  shape: number[],
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  padding: "valid" | "same",
): [number, number] | null {
  const [h, w] = [shape[0]!, shape[1]!];
  const out: [number, number] =
    padding === "same"
      ? [Math.ceil(h / sh), Math.ceil(w / sw)]
      : [Math.floor((h - kh) / sh) + 1, Math.floor((w - kw) / sw) + 1];
  return out[0] >= 1 && out[1] >= 1 ? out : null;
}
