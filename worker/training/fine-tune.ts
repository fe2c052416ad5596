import type * as tfTypes from "@tensorflow/tfjs";
import { layerOf } from "../tfjs/build-model";
import { checkBaseFits, freezeLayer, loadBaseModel, type TBaseArtifacts } from "./base-model";
import { lossFor, optimizerFor, setLearningRate, type TBuilt } from "./build";
import type { TRunContext, TTf } from "./context";
import type { TTrainingData } from "./prepare";

/**
 * Two optimizers behind one: the head's at the configured rate, the unfrozen base layers' at `factor` times it.
 * (Scaling gradients instead would do nothing for Adam, RMSprop or Adagrad, which are invariant to a gradient's scale.)
 */
function splitOptimizer(
  tf: TTf,
  head: tfTypes.Optimizer,
  base: tfTypes.Optimizer,
  baseVars: Set<string>,
  factor: number,
) {
  class SplitOptimizer extends tf.Optimizer {
    static className = "SplitOptimizer";
    applyGradients(grads: tfTypes.NamedTensorMap | { name: string; tensor: tfTypes.Tensor }[]) {
      const entries = Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor] as const) : Object.entries(grads);
      const toHead: tfTypes.NamedTensorMap = {};
      const toBase: tfTypes.NamedTensorMap = {};
      for (const [name, tensor] of entries) (baseVars.has(name) ? toBase : toHead)[name] = tensor;
      if (Object.keys(toHead).length) head.applyGradients(toHead);
      if (Object.keys(toBase).length) base.applyGradients(toBase);
    }
    setLearningRate(rate: number) {
      setLearningRate(head, rate);
      setLearningRate(base, rate * factor);
    }
    getConfig() {
      return {};
    }
    override dispose() {
      head.dispose();
      base.dispose();
    }
  }
  return new SplitOptimizer();
}

/** Runs the frozen base over a tensor in batches (its output, computed once), tracked by the run's cleanup. */
function features(ctx: TRunContext, trunk: tfTypes.LayersModel, x: tfTypes.Tensor): tfTypes.Tensor {
  return ctx.cleanup.track(trunk.predict(x, { batchSize: 256 }) as tfTypes.Tensor);
}

/**
 * The model of a fine-tuned run: the base run's layers (its old head dropped when replaced), the first of them frozen
 * as the config says, then the config's layers as the new head, named for this run (a loaded model's saved layer
 * names must not collide with new ones). Unfrozen base layers may learn at a lower rate. In feature-extractor mode
 * the frozen base's output is computed once and only the head is trained on it; the whole model (base + trained head)
 * is what is evaluated and saved either way.
 */
export async function buildFineTuned(ctx: TRunContext, data: TTrainingData, base: TBaseArtifacts): Promise<TBuilt> {
  const { tf, spec, cleanup, runId } = ctx;
  const ft = spec.fineTune!;
  const baseModel = await loadBaseModel(ctx, base);
  checkBaseFits(base, baseModel, data.prepared.inputShape);
  const layers = baseModel.layers.filter((l) => l.getClassName() !== "InputLayer");
  const kept = ft.head === "replace" ? layers.slice(0, -1) : layers;
  const frozen =
    ft.freeze === "allBase" ? kept.length : ft.freeze === "firstK" ? Math.min(ft.freezeFirst, kept.length) : 0;
  kept.slice(0, frozen).forEach(freezeLayer);

  const tag = runId.replace(/[^A-Za-z0-9]/g, "");
  const input = tf.input({ shape: data.prepared.inputShape, name: `ft_${tag}_input` });
  let x = input as tfTypes.SymbolicTensor;
  for (const layer of kept) x = layer.apply(x) as tfTypes.SymbolicTensor;
  const trunkOutput = x;
  const head = spec.model.layers.map((l, i) => layerOf(tf, l, undefined, `ft_${tag}_${i}`));
  for (const layer of head) x = layer.apply(x) as tfTypes.SymbolicTensor;
  const model = cleanup.track(tf.model({ inputs: input, outputs: x, name: `ft_${tag}` }));

  const baseVars = new Set(kept.slice(frozen).flatMap((l) => l.trainableWeights.map((w) => w.originalName)));
  const factor = ft.baseLearningRateFactor;
  const optimizer = cleanup.track(
    baseVars.size && factor < 1
      ? splitOptimizer(
          tf,
          optimizerFor(tf, spec),
          optimizerFor(tf, spec, spec.training.optimizer.learningRate * factor),
          baseVars,
          factor,
        )
      : optimizerFor(tf, spec),
  );
  const compileArgs = {
    optimizer,
    loss: lossFor(spec, data.classification),
    metrics: data.classification ? ["accuracy"] : ["mae"],
  };
  if (!ft.featureExtractor) {
    model.compile(compileArgs);
    return { model, optimizer };
  }

  // Feature-extractor mode: the head learns on the base's output, computed once for every split (validated: the
  // whole base is frozen, so it is the same function in every batch; freezeLayer).
  const trunk = tf.model({ inputs: input, outputs: trunkOutput });
  const headInput = tf.input({ shape: trunkOutput.shape.slice(1) as number[], name: `ft_${tag}_features` });
  let h = headInput as tfTypes.SymbolicTensor;
  for (const layer of head) h = layer.apply(h) as tfTypes.SymbolicTensor;
  const headModel = cleanup.track(tf.model({ inputs: headInput, outputs: h }));
  headModel.compile(compileArgs);
  return {
    model,
    optimizer,
    train: {
      model: headModel,
      data: {
        ...data,
        xTrain: features(ctx, trunk, data.xTrain),
        xVal: data.xVal ? features(ctx, trunk, data.xVal) : null,
      },
    },
  };
}
