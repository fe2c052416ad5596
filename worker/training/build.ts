import type * as tfTypes from "@tensorflow/tfjs";
import type { TConfigSpec } from "../../lib/configs/spec";
import { vocabularySizeOf } from "../../lib/runs/text-preprocess";
import { buildModel } from "../tfjs/build-model";
import type { TRunContext, TTf } from "./context";
import type { TBaseArtifacts } from "./base-model";
import { buildFineTuned } from "./fine-tune";
import type { TTrainingData } from "./prepare";

export function optimizerFor(tf: TTf, spec: TConfigSpec, learningRate = spec.training.optimizer.learningRate) {
  const o = spec.training.optimizer;
  switch (o.type) {
    case "sgd":
      return o.momentum > 0 ? tf.train.momentum(learningRate, o.momentum, o.nesterov) : tf.train.sgd(learningRate);
    case "adam":
      return tf.train.adam(learningRate, o.beta1, o.beta2, o.epsilon);
    case "rmsprop":
      return tf.train.rmsprop(learningRate, o.rho, o.momentum, o.epsilon);
    case "adagrad":
      return tf.train.adagrad(learningRate);
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

export function lossFor(spec: TConfigSpec, classification: boolean) {
  const loss = spec.training.loss;
  if (loss === "auto") return classification ? "categoricalCrossentropy" : "meanSquaredError";
  return loss === "huber" ? "huberLoss" : loss;
}

/**
 * Sets an optimizer's learning rate for the next steps. SGD and momentum keep the rate in a tensor made from it
 * (assigning `learningRate` alone changed nothing for them, so schedules did not apply); the others read the field.
 */
export function setLearningRate(optimizer: tfTypes.Optimizer, rate: number) {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (o.setLearningRate) o.setLearningRate(rate);
  else o.learningRate = rate;
}

export type TBuilt = {
  /** The whole model: what is evaluated and saved. */
  model: tfTypes.LayersModel;
  optimizer: tfTypes.Optimizer;
  /** Feature-extractor mode: the head alone, trained on the frozen base's output computed once (fine-tune.ts). */
  train?: { model: tfTypes.LayersModel; data: TTrainingData };
};

/**
 * The compiled model: built from scratch from the config's layers, or on a base run's model (fine-tune.ts); freed,
 * with its optimizer, by the run's cleanup.
 */
export async function build(ctx: TRunContext, data: TTrainingData, base: TBaseArtifacts | null): Promise<TBuilt> {
  if (base) return buildFineTuned(ctx, data, base);
  const { tf, spec, cleanup } = ctx;
  const model = cleanup.track(
    buildModel(tf, spec, {
      inputShape: data.prepared.inputShape,
      vocabularySize: vocabularySizeOf(data.prepared.fitted),
    }),
  );
  // Tracked on its own: a model disposes only an optimizer it made itself (compiled by name), not one it was handed.
  const optimizer = cleanup.track(optimizerFor(tf, spec));
  model.compile({
    optimizer,
    loss: lossFor(spec, data.classification),
    metrics: data.classification ? ["accuracy"] : ["mae"],
  });
  return { model, optimizer };
}
