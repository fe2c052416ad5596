import { Worker } from "node:worker_threads";
import type { TBackendName } from "../tfjs/backend";
import type { TThreadMessage } from "./thread-entry";
import { RunInterrupted, RunUserError } from "./train-run";

const active = new Set<Worker>();

/** Asks every running training thread to stop after its current epoch (worker shutdown). */
export function interruptTrainingThreads() {
  for (const thread of active) thread.postMessage({ type: "interrupt" });
}

/** Trains a run in its own worker thread; errors come back as the same classes trainRun throws. */
export function runInThread(runId: string, prefer?: TBackendName): Promise<string> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./thread-boot.mjs", import.meta.url), {
      workerData: { runId, prefer, entry: new URL("./thread-entry.ts", import.meta.url).href },
    });
    active.add(thread);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      active.delete(thread);
      fn();
    };
    thread.on("message", (m: TThreadMessage) => {
      if (m.type === "done") settle(() => resolve(m.result));
      else if (m.kind === "user") settle(() => reject(new RunUserError(m.key ?? "runErrors.infrastructure")));
      else if (m.kind === "interrupt") settle(() => reject(new RunInterrupted()));
      else settle(() => reject(new Error(m.message)));
    });
    thread.on("error", (error) => settle(() => reject(error)));
    thread.on("exit", (code) => settle(() => reject(new Error(`training thread exited with code ${code}`))));
  });
}
