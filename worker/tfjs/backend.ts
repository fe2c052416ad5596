import { createRequire } from "node:module";
import path from "node:path";
import type { TLogger } from "../../lib/logger";
import { registerWasmConvBackpropFilter } from "./wasm-conv-grad";
import { registerWasmSegmentSum } from "./wasm-segment-sum";

/**
 * Picks the fastest TensorFlow.js backend this machine can run, in the order
 * the platform promises: tfjs-node-gpu (CUDA), tfjs-node (native CPU), wasm, cpu.
 * Each run records the result, so a score always says what trained it.
 */
export type TBackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
export type TBackendAttempt = { name: TBackendName; ok: boolean; reason?: string };
export type TBackendChoice = {
  name: TBackendName;
  /** tf.getBackend(): "tensorflow" for both native packages, else "wasm"/"cpu". */
  tfBackend: string;
  tfjsVersion: string;
  attempts: TBackendAttempt[];
};

export const BACKEND_ORDER: readonly TBackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

const require = createRequire(import.meta.url);
type TTf = typeof import("@tensorflow/tfjs");

/**
 * When tfjs-node-gpu fails to load its binding it has already registered its
 * kernel names, so tfjs-node then prints ~300 "already registered" warnings.
 * They say nothing useful; the attempt list says what happened.
 */
function quietKernelWarnings<T>(load: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("is already registered")) return;
    warn(...args);
  };
  try {
    return load();
  } finally {
    console.warn = warn;
  }
}

async function tryNative(pkg: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node"): Promise<TTf> {
  // The package is an optional dependency whose install script downloads libtensorflow;
  // where that could not happen, requiring it throws (missing .node binding).
  const tf = quietKernelWarnings(() => require(pkg) as TTf);
  await tf.setBackend("tensorflow");
  await tf.ready();
  if (pkg.endsWith("-gpu")) {
    // tfjs-node-gpu silently runs on the CPU when CUDA/cuDNN are missing; only
    // claim the GPU when TensorFlow actually sees one.
    const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding;
    if (binding?.isUsingGpuDevice && !binding.isUsingGpuDevice()) throw new Error("libtensorflow found no CUDA GPU");
  }
  return tf;
}

async function tryWasm(): Promise<TTf> {
  const tf = require("@tensorflow/tfjs") as TTf;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  const wasmDir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  wasm.setWasmPaths(`${wasmDir}${path.sep}`);
  if (!(await tf.setBackend("wasm"))) throw new Error("setBackend('wasm') returned false");
  await tf.ready();
  registerWasmConvBackpropFilter(tf); // without it, conv2d layers cannot train on wasm
  registerWasmSegmentSum(tf); // nor embedding layers (the gradient of gather)
  return tf;
}

async function tryCpu(): Promise<TTf> {
  const tf = require("@tensorflow/tfjs") as TTf;
  if (!(await tf.setBackend("cpu"))) throw new Error("setBackend('cpu') returned false");
  await tf.ready();
  return tf;
}

const LOADERS: Record<TBackendName, () => Promise<TTf>> = {
  "tensorflow-gpu": () => tryNative("@tensorflow/tfjs-node-gpu"),
  tensorflow: () => tryNative("@tensorflow/tfjs-node"),
  wasm: tryWasm,
  cpu: tryCpu,
};

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.slice(0, 300) ?? "unknown error";
}

type TOptions = { prefer?: TBackendName; log?: TLogger };

/**
 * Loads the first backend that works, starting at `prefer` when given
 * (TFJS_BACKEND), and logs why each earlier one did not.
 */
/** Says which backend loaded and why each faster one did not. */
export function logBackendChoice(choice: TBackendChoice, log: TLogger) {
  for (const a of choice.attempts.filter((x) => !x.ok))
    log.info("tfjs backend unavailable", { backend: a.name, reason: a.reason });
  log.info("tfjs backend loaded", { backend: choice.name, tfjs: choice.tfjsVersion });
}

export async function loadBackend(options: TOptions = {}): Promise<{ tf: TTf; choice: TBackendChoice }> {
  const start = options.prefer ? BACKEND_ORDER.indexOf(options.prefer) : 0;
  const attempts: TBackendAttempt[] = BACKEND_ORDER.slice(0, start).map((name) => ({
    name,
    ok: false,
    reason: `skipped: TFJS_BACKEND=${options.prefer}`,
  }));
  for (const name of BACKEND_ORDER.slice(start)) {
    try {
      const tf = await LOADERS[name]();
      attempts.push({ name, ok: true });
      const choice: TBackendChoice = { name, tfBackend: tf.getBackend(), tfjsVersion: tf.version_core, attempts };
      if (options.log) logBackendChoice(choice, options.log);
      return { tf, choice };
    } catch (error) {
      attempts.push({ name, ok: false, reason: firstLine(error) });
    }
  }
  throw new Error(`No TensorFlow.js backend could be loaded: ${JSON.stringify(attempts)}`);
}

let chosen: ReturnType<typeof loadBackend> | undefined;

/** loadBackend, once per process: tfjs backends are process-global state. */
export function chooseBackend(options: TOptions = {}) {
  chosen ??= loadBackend(options);
  return chosen;
}
