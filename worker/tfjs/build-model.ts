import type * as tfTypes from "@tensorflow/tfjs";
import type { TConfigSpec, TLayer } from "../../lib/configs/spec";

type TTf = typeof tfTypes;

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);

function regularizer(tf: TTf, r: { l1: number; l2: number } | undefined) {
  return r && (r.l1 || r.l2) ? tf.regularizers.l1l2({ l1: r.l1, l2: r.l2 }) : undefined;
}

/** One layer; `name` for layers added to a loaded model (a fine-tuned head), whose saved names must not collide. */
export function layerOf(tf: TTf, layer: TLayer, inputShape?: number[], name?: string, vocabularySize?: number) {
  const first = { ...(inputShape ? { inputShape } : {}), ...(name ? { name } : {}) };
  switch (layer.type) {
    case "dense":
      return tf.layers.dense({
        ...first,
        units: layer.units,
        activation: layer.activation,
        useBias: layer.useBias,
        kernelInitializer: layer.kernelInitializer,
        kernelRegularizer: regularizer(tf, layer.kernelRegularizer),
      });
    case "dropout":
      return tf.layers.dropout({ ...first, rate: layer.rate });
    case "batchNormalization":
      return tf.layers.batchNormalization({ ...first, momentum: layer.momentum, epsilon: layer.epsilon });
    case "activation":
      return tf.layers.activation({ ...first, activation: layer.activation });
    case "conv2d":
      return tf.layers.conv2d({
        ...first,
        filters: layer.filters,
        kernelSize: pair(layer.kernelSize),
        strides: pair(layer.strides),
        padding: layer.padding,
        activation: layer.activation,
        useBias: layer.useBias,
        kernelInitializer: layer.kernelInitializer,
        kernelRegularizer: regularizer(tf, layer.kernelRegularizer),
      });
    case "maxPooling2d":
      return tf.layers.maxPooling2d({
        ...first,
        poolSize: pair(layer.poolSize),
        strides: layer.strides ? pair(layer.strides) : undefined,
        padding: layer.padding,
      });
    case "averagePooling2d":
      return tf.layers.averagePooling2d({
        ...first,
        poolSize: pair(layer.poolSize),
        strides: layer.strides ? pair(layer.strides) : undefined,
        padding: layer.padding,
      });
    case "flatten":
      return tf.layers.flatten(first);
    case "globalAveragePooling2d":
      return tf.layers.globalAveragePooling2d(first);
    case "embedding":
      // Its input size is the fitted vocabulary's (padding and OOV ids included), known only after fitting.
      if (!vocabularySize) throw new Error("embedding layer built without a fitted vocabulary size");
      return tf.layers.embedding({
        ...first,
        inputDim: vocabularySize,
        outputDim: layer.outputDim,
        embeddingsInitializer: layer.embeddingsInitializer,
      });
    case "conv1d":
      return tf.layers.conv1d({
        ...first,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        activation: layer.activation,
        useBias: layer.useBias,
        kernelInitializer: layer.kernelInitializer,
        kernelRegularizer: regularizer(tf, layer.kernelRegularizer),
      });
    case "maxPooling1d":
      return tf.layers.maxPooling1d({
        ...first,
        poolSize: layer.poolSize,
        strides: layer.strides,
        padding: layer.padding,
      });
    case "globalMaxPooling1d":
      return tf.layers.globalMaxPooling1d(first);
    case "globalAveragePooling1d":
      return tf.layers.globalAveragePooling1d(first);
    case "simpleRNN":
    case "lstm":
    case "gru":
      return recurrentOf(tf, layer, first);
    case "bidirectional":
      return tf.layers.bidirectional({ ...first, layer: recurrentOf(tf, layer.layer, {}), mergeMode: layer.mergeMode });
  }
}

function recurrentOf(tf: TTf, layer: Extract<TLayer, { type: "simpleRNN" | "lstm" | "gru" }>, first: object) {
  const args = {
    ...first,
    units: layer.units,
    activation: layer.activation,
    returnSequences: layer.returnSequences,
    dropout: layer.dropout,
    recurrentDropout: layer.recurrentDropout,
  };
  if (layer.type === "lstm") return tf.layers.lstm(args);
  if (layer.type === "gru") return tf.layers.gru(args);
  return tf.layers.simpleRNN(args);
}

/**
 * The model's input: its shape, and for text models the fitted vocabulary's size (the embedding's inputDim).
 * A bare shape is accepted for models without an embedding.
 */
export type TModelInput = number[] | { inputShape: number[]; vocabularySize?: number };

/** Builds the Sequential model a spec describes, for an input of the given shape. */
export function buildModel(tf: TTf, spec: TConfigSpec, input: TModelInput): tfTypes.Sequential {
  const { inputShape, vocabularySize } = Array.isArray(input)
    ? { inputShape: input, vocabularySize: undefined }
    : input;
  const model = tf.sequential();
  spec.model.layers.forEach((layer, i) =>
    model.add(layerOf(tf, layer, i === 0 ? inputShape : undefined, undefined, vocabularySize)),
  );
  return model;
}
