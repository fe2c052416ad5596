import { writeFile } from "node:fs/promises";
import path from "node:path";
import type * as tfTypes from "@tensorflow/tfjs";
import { getBlobStore, scratchDir } from "../../lib/storage";
import { modelSummary } from "./base-model";
import type { TRunContext } from "./context";
import type { TTrainingData } from "./prepare";

/**
 * Stores the run's artifacts: tfjs model.json + weights.bin, and the fitted preprocessing. They are written to a
 * scratch directory (named for the run, removed by the run's cleanup however this ends) and moved into the store.
 */
export async function save(ctx: TRunContext, data: TTrainingData, model: tfTypes.LayersModel) {
  const { tf } = ctx;
  const store = getBlobStore();
  const dir = await ctx.cleanup.tempDir(await scratchDir(), `model-${ctx.runId}-`);
  let modelJson = "";
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData as ArrayBuffer;
      await writeFile(path.join(dir, "weights.bin"), Buffer.from(weights));
      modelJson = JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: "layers-model",
        generatedBy: `TensorFlow.js ${tf.version_core}`,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  await writeFile(path.join(dir, "model.json"), modelJson);
  await writeFile(path.join(dir, "preprocessing.json"), JSON.stringify(data.prepared.fitted));
  return {
    modelJson: (await store.putFile(path.join(dir, "model.json"))).key,
    weights: (await store.putFile(path.join(dir, "weights.bin"))).key,
    preprocessing: (await store.putFile(path.join(dir, "preprocessing.json"))).key,
    totalParams: model.countParams(),
    // Its layers' shapes and sizes, and the columns it reads: what a fine-tune of this run is checked against.
    summary: modelSummary(model, data.prepared.fitted),
  };
}

export type TArtifacts = Awaited<ReturnType<typeof save>>;
