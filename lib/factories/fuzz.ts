import fc from "fast-check";

/**
 * Shared settings for the fuzz suites (vitest and Playwright), so every property
 * is bounded the same way and every failure can be replayed:
 * - default mode: `defaultRuns` cases per property, cut off after `timeLimitMs`
 *   (the whole suite stays within about two minutes on a 2-core machine);
 * - long mode: FUZZ_RUNS=<n> runs n cases per property and lifts the time cut-off
 *   (FUZZ_TIME_LIMIT_MS=<ms> sets one again);
 * - replay: a failure prints its seed and path; FUZZ_SEED=<seed> FUZZ_PATH=<path>
 *   re-runs exactly that case (fast-check shrinks from there).
 */
export type TFuzzReport = { name: string; runs: number; seed: number; ms: number };

export const fuzzLongMode = () => Boolean(process.env.FUZZ_RUNS);

/** A test's timeout: `ms` in the default mode, an hour in the long mode (whose case count has no time cut-off). */
export const fuzzTimeout = (ms: number) => (fuzzLongMode() ? 3_600_000 : ms);

export function fuzzParameters(defaultRuns: number, timeLimitMs = 30_000): fc.Parameters<unknown> {
  const env = process.env;
  const runs = env.FUZZ_RUNS ? Math.max(1, Number(env.FUZZ_RUNS) || defaultRuns) : defaultRuns;
  const limit = env.FUZZ_TIME_LIMIT_MS ? Number(env.FUZZ_TIME_LIMIT_MS) : env.FUZZ_RUNS ? 0 : timeLimitMs;
  return {
    numRuns: runs,
    ...(env.FUZZ_SEED ? { seed: Number(env.FUZZ_SEED) } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    ...(limit > 0 ? { plugins: [fc.interruptAfterTimeLimit(limit)] } : {}),
    // Shrinking a slow, I/O-bound case can take minutes; a failure is reported with its seed either way.
    endOnFailure: !env.FUZZ_SHRINK,
  };
}

/** Runs a property with the shared settings; throws with seed, path and counterexample on failure. */
export async function fuzz<Ts>(
  name: string,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  defaultRuns: number,
  timeLimitMs?: number,
): Promise<TFuzzReport> {
  const started = Date.now();
  const params = fuzzParameters(defaultRuns, timeLimitMs) as fc.Parameters<Ts>;
  const details = await fc.check(property as fc.IRawProperty<Ts>, params);
  if (details.failed) {
    const report = (await fc.asyncDefaultReportMessage(details)) ?? "failed";
    const cause = details.errorInstance instanceof Error ? details.errorInstance : null;
    const error = new Error(
      `fuzz "${name}" failed. Replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ""}\n${report}\n` +
        `Error: ${cause ? `${cause.name}: ${cause.message}\n${cause.stack ?? ""}` : String(details.errorInstance)}`,
      { cause },
    );
    throw error;
  }
  const result = { name, runs: details.numRuns, seed: details.seed, ms: Date.now() - started };
  console.info(`fuzz ${name}: ${result.runs} cases in ${result.ms} ms (seed ${result.seed})`);
  return result;
}
