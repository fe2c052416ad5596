import { getPrisma, type TPrisma } from "../../lib/db";
import { datasetShapeInfo } from "../../lib/configs/dataset-info";
import { ZConfigSpec } from "../../lib/configs/spec";
import { estimateRunBytes } from "../../lib/runs/memory";

/**
 * The training memory of one worker process, shared by the runs it trains at once.
 * A per-run check alone let `WORKER_TRAINING_CONCURRENCY` runs of
 * almost the whole budget each train side by side; here each run reserves its estimate
 * before it is handed to a thread and gives it back when it ends, however it ends.
 * Lives on the main thread, which alone dispatches runs, so no locking is needed.
 */
export class TrainingMemoryBudget {
  #reserved = 0;

  constructor(readonly totalBytes: number) {}

  get reservedBytes() {
    return this.#reserved;
  }

  /** Reserves `bytes` if they fit beside the reservations held now; returns the release (idempotent), or null. */
  tryReserve(bytes: number): (() => void) | null {
    if (this.#reserved + bytes > this.totalBytes) return null;
    this.#reserved += bytes;
    let held = true;
    return () => {
      if (held) this.#reserved -= bytes;
      held = false;
    };
  }
}

/** A queued run's training-memory estimate, as the training thread will compute it; null if unknown (the thread reports why). */
export async function queuedRunBytes(runId: string, db: TPrisma = getPrisma()): Promise<number | null> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      userId: true,
      datasetVersionId: true,
      configRevision: { select: { spec: true } },
      datasetVersion: { select: { splitAssignments: true } },
    },
  });
  if (!run) return null;
  const spec = ZConfigSpec.safeParse(run.configRevision.spec);
  const dataset = await datasetShapeInfo(run.datasetVersionId, { id: run.userId }, db);
  if (!spec.success || !dataset) return null;
  return estimateRunBytes(spec.data, dataset, new Uint8Array(run.datasetVersion.splitAssignments));
}
