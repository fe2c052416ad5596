import { Worker } from "node:worker_threads";
import type { TBackendChoice, TBackendName } from "../tfjs/backend";
import type { TThreadMessage, TThreadRequest } from "./thread-entry";
import { RunInterrupted, RunUserError } from "./train-run";

/**
 * One warm training thread per worker process (the training queue runs one job
 * at a time per process). If the thread dies, the run in hand fails as an
 * infrastructure error (BullMQ retries it) and the next run starts a new thread.
 */
type TPending = { runId: string; resolve: (v: string) => void; reject: (e: Error) => void };

let thread: Worker | null = null;
let ready: Promise<TBackendChoice> | null = null;
let pending: TPending | null = null;

function startThread(prefer?: TBackendName) {
  const worker = new Worker(new URL("./thread-boot.mjs", import.meta.url), {
    workerData: { prefer, entry: new URL("./thread-entry.ts", import.meta.url).href },
  });
  thread = worker;
  ready = new Promise<TBackendChoice>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (m: TThreadMessage) => {
      if (m.type === "ready") return resolve(m.backend);
      const job = pending;
      if (!job || m.runId !== job.runId) return;
      pending = null;
      if (m.type === "done") job.resolve(m.result);
      else if (m.kind === "user") job.reject(new RunUserError(m.key ?? "runErrors.infrastructure"));
      else if (m.kind === "interrupt") job.reject(new RunInterrupted());
      else job.reject(new Error(m.message));
    });
  });
  worker.on("exit", (code) => {
    if (thread === worker) {
      thread = null;
      ready = null;
    }
    pending?.reject(new Error(`training thread exited with code ${code}`));
    pending = null;
  });
}

/**
 * Starts the thread ahead of the first run (worker start-up) and returns the tfjs
 * backend it loaded: the only place in the process that loads tfjs.
 */
export async function warmTrainingThread(prefer?: TBackendName): Promise<TBackendChoice> {
  if (!thread) startThread(prefer);
  return ready!;
}

/** Asks the running training to stop after its current epoch (worker shutdown). */
export function interruptTrainingThreads() {
  thread?.postMessage({ type: "interrupt" } satisfies TThreadRequest);
}

export async function stopTrainingThread() {
  const t = thread;
  thread = null;
  ready = null;
  await t?.terminate();
}

/** Trains a run in the warm thread; errors come back as the same classes trainRun throws. */
export async function runInThread(runId: string, prefer?: TBackendName): Promise<string> {
  if (pending) throw new Error("the training thread is busy"); // the queue's concurrency is 1 per process
  if (!thread) startThread(prefer);
  await ready;
  return new Promise<string>((resolve, reject) => {
    pending = { runId, resolve, reject };
    thread!.postMessage({ type: "train", runId } satisfies TThreadRequest);
  });
}
