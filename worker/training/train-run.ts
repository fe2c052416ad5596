import { getPrisma } from "../../lib/db";
import { loadEnv } from "../../lib/env";
import { mulberry32 } from "../../lib/random";
import { isOutOfMemory } from "../../lib/runs/memory";
import { publishRunEvent } from "../../lib/runs/live-events";
import { readBase } from "./base-model";
import { build } from "./build";
import { claim } from "./claim";
import { Cleanup } from "./cleanup";
import { openRunContext, type TTrainOptions } from "./context";
import { RunInterrupted, RunUserError } from "./errors";
import { evaluate } from "./evaluate";
import { finishCanceled, finishSucceeded, type TTrainResult } from "./finish";
import { fit } from "./fit";
import { prepareData } from "./prepare";
import { save } from "./save";

// Where lib/errors.test.ts (and older imports) look for it.
export { RunUserError } from "./errors";

/**
 * One run, start to end, in the training thread: claim → (base) → prepare → build → fit → evaluate → save → finish. Each step
 * is its own module and takes the run's context (context.ts). Whatever a step makes that must not outlive the run
 * (tensors, the model, the best weights' copy, scratch directories, the seeded Math.random) is registered in the
 * run's Cleanup and freed in `finally`, on every way out.
 *
 * Ends in one of the results below, or throws: RunUserError (fail the run, no retry), RunInterrupted (back to the
 * queue), anything else (infrastructure: BullMQ retries). The final status is written by finish.ts here, or by the
 * processor (worker/processors/train.ts) from what this throws, always through lib/runs/transitions.ts.
 */
export async function trainRun(options: TTrainOptions): Promise<TTrainResult> {
  const db = getPrisma();
  const claimed = await claim(options, db);
  if (!claimed) return "skipped"; // gone, finished, or canceled while queued
  const { attempt } = claimed;
  const publish = (event: Parameters<typeof publishRunEvent>[2]) =>
    publishRunEvent(options.publisher, options.runId, event);
  await publish({ type: "status", status: "RUNNING", attempt });

  const cleanup = new Cleanup();
  try {
    const ctx = await openRunContext({ ...options, db, env: loadEnv(), attempt, cleanup, publish });
    // Reproducible: the run's seed drives initialisers, dropout and shuffling (tfjs draws its seeds from Math.random).
    const realRandom = Math.random;
    Math.random = mulberry32(ctx.run.seed);
    cleanup.defer(() => (Math.random = realRandom));
    const startedAt = Date.now();
    try {
      const base = await readBase(ctx);
      const data = await prepareData(ctx, base?.preprocessing);
      const built = await build(ctx, data, base);
      // Feature-extractor mode trains the head alone on features computed once; evaluation and saving use the whole.
      const stopped = built.train
        ? await fit(ctx, built.train.data, { ...built, model: built.train.model }, startedAt)
        : await fit(ctx, data, built, startedAt);
      if (stopped === "cancel") return await finishCanceled(ctx);
      if (stopped === "interrupt") throw new RunInterrupted();
      if (stopped === "wallTime") throw new RunUserError("runErrors.wallTime");
      const metrics = evaluate(ctx, data, built.model);
      const artifacts = await save(ctx, data, built.model);
      return await finishSucceeded(ctx, metrics, artifacts);
    } catch (error) {
      // The backend ran out of memory despite the estimate: still the model's size, not the platform's fault.
      if (!(error instanceof RunUserError) && !(error instanceof RunInterrupted) && isOutOfMemory(error))
        throw new RunUserError("runErrors.outOfMemory");
      throw error;
    }
  } finally {
    await cleanup.release();
  }
}
