import { getPrisma, type TPrisma } from "../../lib/db";
import { createLogger } from "../../lib/logger";
import { cancelTrainingRun, trainingRunIds } from "./run-in-thread";

/** How often the process looks for cancel requests while it trains: a cancel takes effect within about this plus one batch. */
const CANCEL_POLL_MS = 250;

const log = createLogger({ service: "worker", part: "cancel-watch" });

/**
 * Delivers "cancel" to the training threads within a fraction of a second, even in the middle of a
 * long epoch. The web app only sets `Run.cancelRequested`; rather than have every
 * thread read PostgreSQL every batch, the main thread asks once per tick for all the runs this
 * process trains (one indexed query, and none while nothing trains) and messages the threads, which
 * check a flag before each batch. The epoch-end write (fit.ts) still reads the column too,
 * so a cancel is never lost if a tick fails.
 */
export function watchCancels(options: { intervalMs?: number; db?: TPrisma } = {}): () => void {
  const db = options.db ?? getPrisma();
  let inFlight = false;
  const tick = async () => {
    const ids = trainingRunIds();
    if (!ids.length || inFlight) return;
    inFlight = true;
    try {
      const rows = await db.run.findMany({ where: { id: { in: ids }, cancelRequested: true }, select: { id: true } });
      for (const { id } of rows) cancelTrainingRun(id);
    } catch (error) {
      log.warn("cancel watch failed; will retry", { error: (error as Error).message });
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? CANCEL_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
