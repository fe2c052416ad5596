import { Worker } from "node:worker_threads";
import type { TBackendChoice, TBackendName } from "../tfjs/backend";
import type { TThreadMessage, TThreadRequest } from "./thread-entry";
import { createLogger } from "../../lib/logger";
import { RunInterrupted, RunUserError } from "./errors";

/**
 * A pool of warm training threads, one per run the process trains at once (the
 * training queue's concurrency). A thread trains one run at a time. If a thread
 * dies, its run fails as an infrastructure error (BullMQ retries it) and the next
 * run starts a new thread in its place.
 */
type TPending = { runId: string; resolve: (v: string) => void; reject: (e: Error) => void };
type TSlot = { worker: Worker; ready: Promise<TBackendChoice>; pending: TPending | null };

const slots: TSlot[] = [];
const log = createLogger({ service: "worker", part: "training-thread" });

function startThread(prefer?: TBackendName): TSlot {
  const worker = new Worker(new URL("./thread-boot.mjs", import.meta.url), {
    workerData: { prefer, entry: new URL("./thread-entry.ts", import.meta.url).href },
  });
  const slot: TSlot = { worker, ready: null as unknown as Promise<TBackendChoice>, pending: null };
  slot.ready = new Promise<TBackendChoice>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (m: TThreadMessage) => {
      if (m.type === "ready") return resolve(m.backend);
      const job = slot.pending;
      if (!job || m.runId !== job.runId) return;
      slot.pending = null;
      log.debug("training thread ended a run", { runId: m.runId, outcome: m.type, tensors: m.tensors });
      if (m.type === "done") job.resolve(m.result);
      else if (m.kind === "user") job.reject(new RunUserError(m.key ?? "runErrors.infrastructure", m.values ?? {}));
      else if (m.kind === "interrupt") job.reject(new RunInterrupted());
      else job.reject(new Error(m.message));
    });
  });
  slot.ready.catch(() => {}); // a failed start is reported to whoever awaits it
  worker.on("exit", (code) => {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    slot.pending?.reject(new Error(`training thread exited with code ${code}`));
    slot.pending = null;
  });
  slots.push(slot);
  return slot;
}

/**
 * Starts threads ahead of the first runs (worker start-up) until `count` are warm,
 * and returns the tfjs backend they loaded: the only place in the process that loads tfjs.
 */
export async function warmTrainingThread(prefer?: TBackendName, count = 1): Promise<TBackendChoice> {
  while (slots.length < count) startThread(prefer);
  const [first] = await Promise.all(slots.map((s) => s.ready));
  return first!;
}

/** Asks every running training to stop after its current batch (worker shutdown). */
export function interruptTrainingThreads() {
  for (const s of slots) s.worker.postMessage({ type: "interrupt" } satisfies TThreadRequest);
}

/** The runs the threads are training (or about to), for the cancel watch. */
export function trainingRunIds(): string[] {
  return slots.flatMap((s) => (s.pending ? [s.pending.runId] : []));
}

/** Asks the thread training `runId` to stop it after its current batch (a no-op once the run has ended there). */
export function cancelTrainingRun(runId: string) {
  for (const s of slots)
    if (s.pending?.runId === runId) s.worker.postMessage({ type: "cancel", runId } satisfies TThreadRequest);
}

export async function stopTrainingThread() {
  const all = slots.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}

/** Trains a run in an idle warm thread (starting one if none is idle); errors come back as the classes trainRun throws. */
export async function runInThread(runId: string, prefer?: TBackendName): Promise<string> {
  const slot = slots.find((s) => s.pending === null) ?? startThread(prefer);
  // Claimed before the first await, so two runs starting together never share a thread.
  const result = new Promise<string>((resolve, reject) => (slot.pending = { runId, resolve, reject }));
  try {
    await slot.ready;
  } catch (error) {
    slot.pending = null;
    throw error;
  }
  slot.worker.postMessage({ type: "train", runId } satisfies TThreadRequest);
  return result;
}

/**
 * Runs trained at once per device: one per GPU (it is shared by every op); one per
 * core for the wasm and cpu backends, whose kernels use a single core each. The
 * native CPU backend (tfjs-node) already spreads each op over all cores, so it
 * trains one run at a time too.
 */
export function trainingSlots(backend: string, cores: number): number {
  return backend === "wasm" || backend === "cpu" ? Math.max(1, cores) : 1;
}
