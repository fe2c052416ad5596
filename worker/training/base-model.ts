import { readFile } from "node:fs/promises";
import type * as tfTypes from "@tensorflow/tfjs";
import type { TModelSummary } from "../../lib/configs/fine-tune-shapes";
import type { TFittedPreprocessing } from "../../lib/runs/preprocess";
import { getBlobStore } from "../../lib/storage";
import type { TRunContext } from "./context";
import { RunUserError } from "./errors";

/**
 * Fine-tuning: the base run's stored model (model.json + weights.bin) and its fitted preprocessing, read back from the
 * blob store. tfjs's `file://` loader needs tfjs-node, so the model is loaded from memory (RECIPES.md).
 */
export type TBaseArtifacts = {
  runId: string;
  modelJson: { modelTopology: object; weightsManifest: { weights: tfTypes.io.WeightsManifestEntry[] }[] };
  weights: ArrayBuffer;
  preprocessing: TFittedPreprocessing;
};

type TStoredArtifacts = { modelJson: string; weights: string; preprocessing: string; summary?: TModelSummary };

/** The base run's artifacts, or null when the run trains from scratch. */
export async function readBase(ctx: TRunContext): Promise<TBaseArtifacts | null> {
  const ft = ctx.spec.fineTune;
  if (!ft) return null;
  // The run row holds the base it was submitted with; a deleted base leaves null there (and no artifacts to load).
  const base = ctx.run.baseRunId
    ? await ctx.db.run.findUnique({ where: { id: ctx.run.baseRunId }, select: { id: true, artifacts: true } })
    : null;
  const stored = base?.artifacts as TStoredArtifacts | null | undefined;
  if (!base || !stored) throw new RunUserError("runErrors.baseGone");
  const store = getBlobStore();
  const text = async (key: string) => readFile(await store.localPath(key), "utf8");
  const weights = await readFile(await store.localPath(stored.weights));
  return {
    runId: base.id,
    modelJson: JSON.parse(await text(stored.modelJson)),
    weights: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    preprocessing: JSON.parse(await text(stored.preprocessing)) as TFittedPreprocessing,
  };
}

/** The base model, loaded from its artifacts (disposed by the run's cleanup). */
export async function loadBaseModel(ctx: TRunContext, base: TBaseArtifacts): Promise<tfTypes.LayersModel> {
  const { tf } = ctx;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: base.modelJson.modelTopology,
      weightSpecs: base.modelJson.weightsManifest.flatMap((m) => m.weights),
      weightData: base.weights,
    }),
  );
  return ctx.cleanup.track(model);
}

/**
 * A frozen layer behaves as at inference, in training too: batch normalisation keeps its moving mean and variance
 * (tfjs passes training=true to every layer during fit, and a non-trainable BatchNormalization would otherwise still
 * update its statistics) and dropout passes values through. So the frozen base computes the same function in every
 * batch, which is also what lets feature-extractor mode compute it once.
 */
export function freezeLayer(layer: tfTypes.layers.Layer) {
  layer.trainable = false;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
}

const SPEC_TYPES: Record<string, string> = {
  Conv2D: "conv2d",
  Conv1D: "conv1d",
  SimpleRNN: "simpleRNN",
  GRU: "gru",
  LSTM: "lstm",
};

/** The layer list a run stores beside its model: what a later fine-tune shows and checks its head against. */
export function modelSummary(model: tfTypes.LayersModel, fitted: TFittedPreprocessing): TModelSummary {
  const layers = model.layers
    .filter((l) => l.getClassName() !== "InputLayer")
    .map((l) => {
      const cls = l.getClassName();
      const out = l.outputShape as (number | null)[];
      return {
        type: SPEC_TYPES[cls] ?? cls.charAt(0).toLowerCase() + cls.slice(1),
        outputShape: out.slice(1).map((d) => d ?? 0),
        params: l.countParams(),
      };
    });
  const inputShape = (model.inputs[0]!.shape as (number | null)[]).slice(1).map((d) => d ?? 0);
  const features =
    fitted.kind === "tabular" ? fitted.features.map((f) => f.name) : fitted.kind === "text" ? [fitted.column] : [];
  return { inputShape, layers, features, textColumn: fitted.kind === "text" ? fitted.column : null };
}

/** The base's input shape and preprocessing must fit the data this run prepared; says which columns do not. */
export function checkBaseFits(base: TBaseArtifacts, model: tfTypes.LayersModel, inputShape: number[]) {
  const want = (model.inputs[0]!.shape as (number | null)[]).slice(1).join("×");
  if (want !== inputShape.join("×"))
    throw new RunUserError("runErrors.baseInputMismatch", { base: want, got: inputShape.join("×") });
}
