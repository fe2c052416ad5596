import { parentPort, workerData } from "node:worker_threads";
import { disconnectPrisma } from "../../lib/db";
import { createRedis } from "../../lib/redis";
import { chooseBackend, type TBackendName } from "../tfjs/backend";
import { RunInterrupted, RunUserError, trainRun } from "./train-run";

/**
 * Runs one training job inside a worker thread, so the main thread's event loop
 * (BullMQ lock renewal, stalled checks, shutdown) never waits on tfjs compute.
 */
export type TThreadMessage =
  | { type: "done"; result: Awaited<ReturnType<typeof trainRun>>; backend: string }
  | { type: "error"; kind: "user" | "interrupt" | "infra"; key?: string; message: string };

const { runId, prefer } = workerData as { runId: string; prefer?: TBackendName; entry: string };
let interrupted = false;
parentPort!.on("message", (m: { type: string }) => {
  if (m.type === "interrupt") interrupted = true;
});

const publisher = createRedis();
publisher.on("error", () => {});
try {
  const { tf, choice } = await chooseBackend({ prefer });
  const result = await trainRun({ runId, tf, backend: choice, publisher, shouldInterrupt: () => interrupted });
  parentPort!.postMessage({ type: "done", result, backend: choice.name } satisfies TThreadMessage);
} catch (error) {
  const kind = error instanceof RunUserError ? "user" : error instanceof RunInterrupted ? "interrupt" : "infra";
  parentPort!.postMessage({ type: "error", kind, key: error instanceof RunUserError ? error.key : undefined, message: (error as Error).message } satisfies TThreadMessage);
} finally {
  await publisher.quit().catch(() => publisher.disconnect());
  await disconnectPrisma();
}
