import { randomInt } from "node:crypto";
import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canViewRun } from "../permissions/runs";
import { submitRun } from "../runs/mutations";
import { isLookupKey } from "../validation";
import { visibleThread } from "./access";
import { postSystemEvent } from "./mutations";

/*
 * "Reproduce this": from a thread, anyone who can open it queues one of its runs again — the thread's own run, or a run
 * linked by one of its answers that is not deleted — with the same config revision and dataset version and a new
 * seed. The new run is the requester's own, so it counts against their queued-run limit (submitRun) and their
 * submission rate (the action or route consumes "runSubmit"). The run, its Reproduction row and a
 * "reproductionQueued" SYSTEM event commit in one transaction; the outcome follows as one more event when the run
 * finishes (reproduction-outcome.ts).
 *
 * Locked and deleted threads refuse, as they refuse replies: a lock closes the conversation, and a reproduction adds
 * to it. A reproduction queued before the lock still gets its outcome posted — that run was already paid for.
 * Only a finished original (succeeded or failed) can be reproduced: a queued or running one has no outcome yet to
 * compare with, and a canceled one never had one.
 */

const OWNED = { select: { ownerId: true, visibility: true } } as const;

/** Seeds as the config spec allows them (lib/configs/spec.ts: training.seed). */
const SEED_MAX = 2 ** 31 - 1;

/** A random seed in the spec's range that is not `old` (a reproduction that reuses the seed only re-runs the run). */
function newSeed(old: number): number {
  // randomInt's upper bound is exclusive: draw from one value fewer and skip `old`.
  const drawn = randomInt(0, SEED_MAX);
  return drawn >= old ? drawn + 1 : drawn;
}

const refuse = (key: string) => new AppError("CONFLICT", {}, { key });

/** The runs of a thread that may be reproduced from it: its own run, and runs its non-deleted answers link. */
async function isRunOfThread(thread: { id: string; runId: string | null }, runId: string, db: TPrisma) {
  if (runId === thread.runId) return true;
  const linked = await db.post.count({ where: { threadId: thread.id, kind: "ANSWER", runId, deletedAt: null } });
  return linked > 0;
}

/**
 * Queues `runId` (default: the thread's run) again with a new seed, owned by `actor`. NOT_FOUND for a thread or run
 * the actor may not see (before anything else, and nothing is written); INVALID_INPUT for a run that is not the
 * thread's or an answer's, or an answer's run that not every reader of the thread may open; CONFLICT for a locked or deleted thread or an unfinished run; submitRun's errors (too many
 * queued runs, a competition's submission limit) as they are.
 */
export async function reproduceRun(
  { actor, threadId, runId }: { actor: TSessionUser; threadId: string; runId?: string | null },
  db: TPrisma = getPrisma(),
) {
  const thread = await visibleThread(threadId, actor, db);
  const originalRunId = runId ?? thread.runId;
  if (!originalRunId) throw new AppError("INVALID_INPUT", { runId: "invalid" }, { key: "reproduce.noRun" });
  if (!isLookupKey(originalRunId) || !(await isRunOfThread(thread, originalRunId, db)))
    throw new AppError("INVALID_INPUT", { runId: "invalid" }, { key: "reproduce.notInThread" });
  const original = await db.run.findUnique({
    where: { id: originalRunId },
    select: {
      id: true,
      status: true,
      seed: true,
      configRevisionId: true,
      datasetVersionId: true,
      userId: true,
      config: OWNED,
      datasetVersion: { select: { dataset: OWNED } },
    },
  });
  if (!original || !canViewRun(actor, original)) throw new AppError("NOT_FOUND");
  // The events show the run's id and public score to every reader of the thread: an answer's run must open for all of
  // them (the thread's own run does by definition: a thread is exactly as visible as its run).
  if (original.id !== thread.runId && !canViewRun(null, original))
    throw new AppError("INVALID_INPUT", { runId: "invalid" }, { key: "reproduce.runPrivate" });
  if (thread.deletedAt) throw refuse("reproduce.threadDeleted");
  if (thread.locked) throw refuse("reproduce.locked");
  if (original.status !== "SUCCEEDED" && original.status !== "FAILED") throw refuse("reproduce.notFinished");

  let reproductionId = "";
  const run = await submitRun(
    {
      actor,
      configRevisionId: original.configRevisionId,
      datasetVersionId: original.datasetVersionId,
      seed: newSeed(original.seed),
      alsoRecord: async (created, tx) => {
        const reproduction = await tx.reproduction.create({
          data: { threadId: thread.id, originalRunId: original.id, runId: created.id, requesterId: actor.id },
          select: { id: true },
        });
        reproductionId = reproduction.id;
        await postSystemEvent(
          thread.id,
          {
            type: "reproductionQueued",
            values: { handle: actor.handle, runId: created.id, seed: created.seed, originalRunId: original.id },
          },
          tx,
        );
      },
    },
    db,
  );
  return { reproductionId, runId: run.id, seed: run.seed, originalRunId: original.id, queuedAhead: run.queuedAhead };
}
