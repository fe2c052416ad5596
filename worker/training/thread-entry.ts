import { parentPort, workerData } from "node:worker_threads";
import { createRedis } from "../../lib/redis";
import { chooseBackend, type TBackendChoice, type TBackendName } from "../tfjs/backend";
import type { TErrorValues } from "../../lib/errors";
import { RunInterrupted, RunUserError } from "./errors";
import { trainRun } from "./train-run";

/**
 * The training thread: started once per worker process and kept warm (TypeScript
 * loader, tfjs backend, Redis and database connections ready), it trains one run
 * per "train" message, off the main thread, so BullMQ's lock renewal never waits
 * on tfjs compute and a run starts without paying for a fresh thread.
 */
export type TThreadRequest =
  { type: "train"; runId: string } | { type: "interrupt" } | { type: "cancel"; runId: string };
/** `tensors`: the thread's live tensor count once the run has ended (tf.memory()), to catch a run that leaks. */
export type TThreadMessage =
  | { type: "ready"; backend: TBackendChoice; tensors: number }
  | { type: "done"; runId: string; result: Awaited<ReturnType<typeof trainRun>>; tensors: number }
  | {
      type: "error";
      runId: string;
      kind: "user" | "interrupt" | "infra";
      key?: string;
      values?: TErrorValues;
      message: string;
      tensors: number;
    };

const { prefer } = workerData as { prefer?: TBackendName };
const port = parentPort!;
let interrupted = false;
// Cancels come from the main thread's cancel watch (training/cancel-watch.ts), addressed to a run: one that
// arrives after its run ended must not stop the next run this thread trains.
let current: string | null = null;
let canceled = false;

const publisher = createRedis();
publisher.on("error", () => {});
const backend = await chooseBackend({ prefer });
const tensors = () => backend.tf.memory().numTensors;
port.postMessage({ type: "ready", backend: backend.choice, tensors: tensors() } satisfies TThreadMessage);

port.on("message", (m: TThreadRequest) => {
  if (m.type === "interrupt") {
    interrupted = true;
    return;
  }
  if (m.type === "cancel") {
    if (m.runId === current) canceled = true;
    return;
  }
  interrupted = false; // an interrupt applies to the run in hand only
  current = m.runId;
  canceled = false;
  void (async () => {
    try {
      const result = await trainRun({
        runId: m.runId,
        tf: backend.tf,
        backend: backend.choice,
        publisher,
        shouldInterrupt: () => interrupted,
        shouldCancel: () => canceled,
      });
      port.postMessage({ type: "done", runId: m.runId, result, tensors: tensors() } satisfies TThreadMessage);
    } catch (error) {
      const kind = error instanceof RunUserError ? "user" : error instanceof RunInterrupted ? "interrupt" : "infra";
      port.postMessage({
        type: "error",
        runId: m.runId,
        kind,
        key: error instanceof RunUserError ? error.key : undefined,
        values: error instanceof RunUserError ? error.values : undefined,
        message: (error as Error).message,
        tensors: tensors(),
      } satisfies TThreadMessage);
    } finally {
      current = null;
    }
  })();
});
