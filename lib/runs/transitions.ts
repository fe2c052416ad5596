import type { Prisma, RunStatus } from "../generated/prisma/client";
import { getPrisma, type TDb, type TPrisma } from "../db";
import type { TErrorValues } from "../errors";

/*
 * A run's state machine: the only module that writes `Run.status` (transitions.test.ts scans the code for any other).
 *
 *   QUEUED ──claim──▶ RUNNING ──succeed──▶ SUCCEEDED
 *     │  ▲              │ │ └──cancelRunning──▶ CANCELED
 *     │  └───requeue────┘ └──fail──▶ FAILED
 *     ├──cancelQueued──▶ CANCELED
 *     └──fail──▶ FAILED
 *   RUNNING ──claim──▶ RUNNING (a new attempt, after its worker was lost)
 *
 * Each transition is one guarded `updateMany` (WHERE status IN its allowed-from), so of two writers racing for a run
 * only one wins, and it reports whether it applied: the caller does what belongs to the winner (notifications, the
 * boards, the reproduction's outcome) in the same transaction, and publishes the live event (TRunEvent,
 * live-events.ts) only after the commit, so a stream that reads PostgreSQL never misses what it was told.
 */
export const RUN_TRANSITIONS = {
  /** A worker starts the run, or starts it again after the worker that had it was lost: a new attempt. */
  claim: { from: ["QUEUED", "RUNNING"], to: "RUNNING" },
  /** The owner cancels a run no worker has started (or a worker finds the request before starting it). */
  cancelQueued: { from: ["QUEUED"], to: "CANCELED" },
  /** The attempt in hand stopped at the owner's cancel request. */
  cancelRunning: { from: ["RUNNING"], to: "CANCELED" },
  /** The attempt in hand stored its result. */
  succeed: { from: ["RUNNING"], to: "SUCCEEDED" },
  /** A user error (no retry), the last infrastructure failure, or a job the reconciler found given up. */
  fail: { from: ["QUEUED", "RUNNING"], to: "FAILED" },
  /** Back to the queue: the worker is shutting down, or an infrastructure error will be retried. */
  requeue: { from: ["RUNNING"], to: "QUEUED" },
} as const satisfies Record<string, { from: readonly RunStatus[]; to: RunStatus }>;

export type TRunTransition = keyof typeof RUN_TRANSITIONS;

const guard = (runId: string, transition: TRunTransition) => ({
  id: runId,
  status: { in: [...RUN_TRANSITIONS[transition].from] },
});

/**
 * QUEUED (or RUNNING from a lost worker) → RUNNING with the next attempt number, unless a cancel was requested.
 * The claim and the removal of an earlier attempt's curves commit together: no reader (the run page, a live stream
 * catching up from PostgreSQL) ever sees the new attempt with the old attempt's epochs. Returns the attempt, or null.
 */
export async function claimRun(
  {
    runId,
    backend,
    tfjsVersion,
    workerHost,
  }: { runId: string; backend: string; tfjsVersion: string; workerHost: string },
  db: TPrisma = getPrisma(),
): Promise<{ attempt: number } | null> {
  return db.$transaction(async (tx) => {
    const [claimed] = await tx.run.updateManyAndReturn({
      where: { ...guard(runId, "claim"), cancelRequested: false },
      data: {
        status: RUN_TRANSITIONS.claim.to,
        attempt: { increment: 1 },
        startedAt: new Date(),
        backend,
        tfjsVersion,
        workerHost,
        epochsDone: 0,
        error: null,
      },
      select: { attempt: true },
    });
    if (!claimed) return null;
    await tx.runEpoch.deleteMany({ where: { runId } }); // a retried run starts its curves again
    return claimed;
  });
}

/**
 * QUEUED → CANCELED, recording the request. `requestedOnly`: only if a cancel was already requested (the worker
 * that finds it before starting the run). Returns the run's owner, or null.
 */
export async function cancelQueuedRun(
  { runId, requestedOnly = false }: { runId: string; requestedOnly?: boolean },
  tx: TDb,
): Promise<{ userId: string } | null> {
  const [canceled] = await tx.run.updateManyAndReturn({
    where: { ...guard(runId, "cancelQueued"), ...(requestedOnly ? { cancelRequested: true } : {}) },
    data: { status: RUN_TRANSITIONS.cancelQueued.to, finishedAt: new Date(), cancelRequested: true },
    select: { userId: true },
  });
  return canceled ?? null;
}

/** RUNNING → CANCELED, by the attempt that claimed the run only. */
export async function cancelRunningRun({ runId, attempt }: { runId: string; attempt: number }, tx: TDb) {
  const { count } = await tx.run.updateMany({
    where: { ...guard(runId, "cancelRunning"), attempt },
    data: { status: RUN_TRANSITIONS.cancelRunning.to, finishedAt: new Date() },
  });
  return count > 0;
}

/** RUNNING → SUCCEEDED with the result, written once: by the attempt that claimed the run only. */
export async function succeedRun(
  {
    runId,
    attempt,
    result,
    finishedAt = new Date(),
  }: {
    runId: string;
    attempt: number;
    result: Pick<Prisma.RunUpdateManyMutationInput, "metrics" | "artifacts" | "libraryVersions">;
    /** Now; a factory's scored run may be dated in the past (lib/factories/runs.ts). */
    finishedAt?: Date;
  },
  tx: TDb,
) {
  const { count } = await tx.run.updateMany({
    where: { ...guard(runId, "succeed"), attempt },
    data: { ...result, status: RUN_TRANSITIONS.succeed.to, finishedAt, etaSeconds: 0 },
  });
  return count > 0;
}

/** QUEUED or RUNNING → FAILED with the error's catalogue key. */
export async function failRun(
  { runId, error, values = {} }: { runId: string; error: string; values?: TErrorValues },
  tx: TDb,
) {
  const { count } = await tx.run.updateMany({
    where: guard(runId, "fail"),
    data: { status: RUN_TRANSITIONS.fail.to, error, errorValues: values, finishedAt: new Date() },
  });
  return count > 0;
}

/** RUNNING → QUEUED: the job goes back to the queue and the next claim starts a new attempt. */
export async function requeueRun({ runId }: { runId: string }, tx: TDb = getPrisma()) {
  const { count } = await tx.run.updateMany({
    where: guard(runId, "requeue"),
    data: { status: RUN_TRANSITIONS.requeue.to },
  });
  return count > 0;
}
