import type * as tfTypes from "@tensorflow/tfjs";
import type { TConfigSpec, TLayer } from "../../lib/configs/spec";

type TTf = typeof tfTypes;

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);

function regularizer(tf: TTf, r: { l1: number; l2: number } | undefined) {
  return r && (r.l1 || r.l2) ? tf.regularizers.l1l2({ l1: r.l1, l2: r.l2 }) : undefined;
}

function layerOf(tf: TTf, layer: TLayer, inputShape?: number[]) {
  const first = inputShape ? { inputShape } : {};
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
  }
}

/** Builds the Sequential model a spec describes, for an input of the given shape. */
export function buildModel(tf: TTf, spec: TConfigSpec, inputShape: number[]): tfTypes.Sequential {
  const model = tf.sequential();
  spec.model.layers.forEach((layer, i) => model.add(layerOf(tf, layer, i === 0 ? inputShape : undefined)));
  return model;
}
