import type { TDatasetShapeInfo, TSpecIssue } from "./shapes";
import type { TConfigSpec, TLayer } from "./spec";

/**
 * Shape inference for text models (issue 17): the token-id input of `preprocessing.text` and the sequence layers
 * (embedding, conv1d, pooling1d, recurrent, bidirectional). Parameter counts follow tfjs-layers 4.22 exactly
 * (checked against `model.countParams()` in worker/tfjs/build-model.test.ts); tfjs's GRU has one bias per gate
 * (no Keras 2 `reset_after`), so a GRU has 3·(units·(in+units)+units) parameters.
 */

const fmt = (shape: number[]) => `[${shape.join(", ")}]`;
function issue(path: string, code: string, params: Record<string, string | number>, message: string): TSpecIssue {
  return { path, code, params, message: `${path}: ${message}` };
}

export type TTextInput = { shape: number[] | null; features: string[]; issues: TSpecIssue[] };

/** The model input a text spec gives (null when the spec has no `preprocessing.text`). */
export function textInputOf(spec: TConfigSpec, dataset: TDatasetShapeInfo): TTextInput | null {
  const text = spec.preprocessing.text;
  if (!text) return null;
  if (dataset.kind !== "TABULAR")
    return {
      shape: null,
      features: [],
      issues: [
        issue(
          "preprocessing.text",
          "textNeedsTabular",
          { dataset: dataset.name },
          `text input needs a table with a text column; dataset ${dataset.name} is a set of images`,
        ),
      ],
    };
  const column = (dataset.columns ?? []).find((c) => c.name === text.column);
  if (!column || column.type !== "text" || column.name === dataset.targetColumn)
    return {
      shape: null,
      features: [],
      issues: [
        issue(
          "preprocessing.text.column",
          "notTextColumn",
          { column: text.column, dataset: dataset.name },
          `column '${text.column}' is not a text column of dataset ${dataset.name}`,
        ),
      ],
    };
  const issues: TSpecIssue[] = [];
  const first = spec.model.layers[0];
  if (first && first.type !== "embedding")
    issues.push(
      issue(
        "model.layers[0].type",
        "textNeedsEmbedding",
        { layer: first.type },
        `the input is token ids, so the first layer must be an embedding (it is ${first.type})`,
      ),
    );
  return { shape: [text.maxLength], features: [text.column], issues };
}

export type TSequenceLayer = Extract<
  TLayer,
  {
    type:
      | "embedding"
      | "conv1d"
      | "maxPooling1d"
      | "globalMaxPooling1d"
      | "globalAveragePooling1d"
      | "simpleRNN"
      | "lstm"
      | "gru"
      | "bidirectional";
  }
>;
type TRecurrent = Extract<TLayer, { type: "simpleRNN" | "lstm" | "gru" }>;
/** Where a layer sits: the embedding reads token ids, so only the first layer of a text model may be one. */
export type TSequenceContext = { index: number; vocabularySize: number | null };
type TStep = { shape: number[]; params: number } | { error: TSpecIssue };

const GATES: Record<TRecurrent["type"], number> = { simpleRNN: 1, gru: 3, lstm: 4 };

function recurrentParams(layer: TRecurrent, features: number): number {
  return GATES[layer.type] * (layer.units * (features + layer.units) + layer.units);
}

function steps(length: number, window: number, stride: number, padding: "valid" | "same"): number {
  return padding === "same" ? Math.ceil(length / stride) : Math.floor((length - window) / stride) + 1;
}

export function sequenceStep(layer: TSequenceLayer, shape: number[], at: string, ctx: TSequenceContext): TStep {
  if (layer.type === "embedding") {
    if (ctx.vocabularySize === null)
      return {
        error: issue(
          `${at}.type`,
          "needsText",
          {},
          "embedding needs text input; set preprocessing.text to a text column",
        ),
      };
    if (ctx.index !== 0 || shape.length !== 1)
      return {
        error: issue(
          `${at}.type`,
          "embeddingFirst",
          {},
          "embedding reads the token ids, so it must be the first layer",
        ),
      };
    return { shape: [shape[0]!, layer.outputDim], params: ctx.vocabularySize * layer.outputDim };
  }
  if (shape.length !== 2)
    return {
      error: issue(
        `${at}.type`,
        "needsSequence",
        { layer: layer.type, got: fmt(shape) },
        `${layer.type} needs a sequence input [steps, features]; it gets ${fmt(shape)} (start with an embedding, or set returnSequences on the recurrent layer before it)`,
      ),
    };
  const [length, features] = [shape[0]!, shape[1]!];
  switch (layer.type) {
    case "conv1d":
    case "maxPooling1d": {
      const window = layer.type === "conv1d" ? layer.kernelSize : layer.poolSize;
      const stride = layer.type === "conv1d" ? layer.strides : (layer.strides ?? layer.poolSize);
      const out = steps(length, window, stride, layer.padding);
      if (out < 1) {
        const what = layer.type === "conv1d" ? "kernel" : "pool";
        const message =
          what === "pool"
            ? `a ${window} pool does not fit the ${length} input`
            : `a ${window} kernel does not fit the ${length} input (use padding "same" or a smaller kernel)`;
        return {
          error: issue(
            `${at}.${layer.type === "conv1d" ? "kernelSize" : "poolSize"}`,
            "kernelTooLarge",
            { what, kernel: String(window), input: String(length) },
            message,
          ),
        };
      }
      if (layer.type === "maxPooling1d") return { shape: [out, features], params: 0 };
      return {
        shape: [out, layer.filters],
        params: layer.kernelSize * features * layer.filters + (layer.useBias ? layer.filters : 0),
      };
    }
    case "globalMaxPooling1d":
    case "globalAveragePooling1d":
      return { shape: [features], params: 0 };
    case "simpleRNN":
    case "lstm":
    case "gru":
      return {
        shape: layer.returnSequences ? [length, layer.units] : [layer.units],
        params: recurrentParams(layer, features),
      };
    case "bidirectional": {
      const inner = layer.layer;
      const units = layer.mergeMode === "concat" ? 2 * inner.units : inner.units;
      return {
        shape: inner.returnSequences ? [length, units] : [units],
        params: 2 * recurrentParams(inner, features),
      };
    }
  }
}
