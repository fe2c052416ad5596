import type * as tfTypes from "@tensorflow/tfjs";
import type { TConfigSpec } from "../../lib/configs/spec";
import { buildModel } from "../tfjs/build-model";
import type { TRunContext, TTf } from "./context";
import type { TTrainingData } from "./prepare";

function optimizerFor(tf: TTf, spec: TConfigSpec) {
  const o = spec.training.optimizer;
  switch (o.type) {
    case "sgd":
      return o.momentum > 0 ? tf.train.momentum(o.learningRate, o.momentum, o.nesterov) : tf.train.sgd(o.learningRate);
    case "adam":
      return tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    case "rmsprop":
      return tf.train.rmsprop(o.learningRate, o.rho, o.momentum, o.epsilon);
    case "adagrad":
      return tf.train.adagrad(o.learningRate);
  }
}

/** Learning rate for a 0-based epoch under the configured schedule. */
export function scheduledRate(spec: TConfigSpec, epoch: number): number {
  const base = spec.training.optimizer.learningRate;
  const s = spec.training.schedule;
  switch (s.type) {
    case "constant":
      return base;
    case "step":
      return base * s.factor ** Math.floor(epoch / s.everyEpochs);
    case "exponential":
      return base * s.decayRate ** (epoch / s.decayEpochs);
    case "cosine":
      return (
        s.minLearningRate +
        0.5 * (base - s.minLearningRate) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, spec.training.epochs)))
      );
  }
}

function lossFor(spec: TConfigSpec, classification: boolean) {
  const loss = spec.training.loss;
  if (loss === "auto") return classification ? "categoricalCrossentropy" : "meanSquaredError";
  return loss === "huber" ? "huberLoss" : loss;
}

export type TBuilt = { model: tfTypes.LayersModel; optimizer: tfTypes.Optimizer };

/** The compiled model, built from scratch from the config's layers; freed, with its optimizer, by the run's cleanup. */
export function build(ctx: TRunContext, data: TTrainingData): TBuilt {
  const { tf, spec, cleanup } = ctx;
  const model = cleanup.track(buildModel(tf, spec, data.prepared.inputShape));
  // Tracked on its own: a model disposes only an optimizer it made itself (compiled by name), not one it was handed.
  const optimizer = cleanup.track(optimizerFor(tf, spec));
  model.compile({
    optimizer,
    loss: lossFor(spec, data.classification),
    metrics: data.classification ? ["accuracy"] : ["mae"],
  });
  return { model, optimizer };
}
