import { getPrisma, type TDb, type TPrisma } from "../db";
import { AppError } from "../errors";
import type { TSessionUser } from "../auth/session";
import { loadEnv } from "../env";
import { createLogger } from "../logger";
import { datasetShapeInfo } from "../configs/dataset-info";
import { configLimits } from "../configs/mutations";
import { SpecInvalidError } from "../configs/errors";
import { baseForSpec } from "../configs/fine-tune";
import { analyzeWithBase } from "../configs/fine-tune-shapes";
import { ZConfigSpec } from "../configs/spec";
import { canViewConfig } from "../permissions/configs";
import { enqueueRun } from "../queue/training";
import { admitSubmission } from "../leaderboards/competitions";
import { recordReproductionOutcome } from "../discussions/reproduction-outcome";
import { publishNotifications } from "../notifications/notify";
import { notifyRunOutcome } from "../notifications/runs";
import { cancelQueuedRun } from "./transitions";

const log = createLogger({ service: "runs" });

/**
 * Submits a run of a config revision on a dataset version. The row is written
 * first (status QUEUED); the job follows. If Redis is down the run still
 * exists and the worker's reconciler enqueues it later. `alsoRecord` writes what belongs with the new run in the
 * same transaction, before any worker can see it (a reproduction's row: lib/discussions/reproduce.ts).
 */
export async function submitRun(
  {
    actor,
    configRevisionId,
    datasetVersionId,
    seed,
    alsoRecord,
  }: {
    actor: TSessionUser;
    configRevisionId: string;
    datasetVersionId: string;
    seed?: number;
    alsoRecord?: (run: { id: string; seed: number }, tx: TDb) => Promise<unknown>;
  },
  db: TPrisma = getPrisma(),
) {
  const revision = await db.configRevision.findUnique({ where: { id: configRevisionId }, include: { config: true } });
  if (!revision || !canViewConfig(actor, revision.config))
    throw new AppError("NOT_FOUND", { configRevisionId: "config.notFound" });
  const dataset = await datasetShapeInfo(datasetVersionId, actor, db);
  if (!dataset) throw new AppError("NOT_FOUND", { datasetVersionId: "dataset.notFound" });
  const spec = ZConfigSpec.parse(revision.spec);
  // A fine-tuned config starts from its base run's model: the submitter must be able to see that run, still.
  const base = await baseForSpec(spec, actor, db);
  const { issues } = analyzeWithBase(spec, dataset, base, configLimits());
  if (issues.length) throw new SpecInvalidError(issues);

  const { RUN_MAX_QUEUED_PER_USER: maxQueued } = loadEnv();
  const version = await db.datasetVersion.findUniqueOrThrow({
    where: { id: datasetVersionId },
    select: { sha256: true, format: true, dataKey: true },
  });
  // A large image zip is decoded by the worker after its upload: until its packed data exists there is nothing to train on.
  if ((version.format as { kind?: string }).kind === "images" && !version.dataKey)
    throw new AppError("CONFLICT", { run: "run.datasetNotReady" });
  const run = await db.$transaction(async (tx) => {
    // Serialise a user's submissions so the limit cannot be raced past.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`runs:${actor.id}`}))`;
    const waiting = await tx.run.count({ where: { userId: actor.id, status: "QUEUED" } });
    if (waiting >= maxQueued)
      throw new AppError("RATE_LIMITED", { run: "run.tooManyQueued" }, { values: { max: maxQueued } });
    await admitSubmission({ userId: actor.id, datasetVersionId }, tx);
    const created = await tx.run.create({
      data: {
        userId: actor.id,
        configId: revision.configId,
        configRevisionId,
        datasetVersionId,
        seed: seed ?? spec.training.seed,
        configHash: revision.specHash,
        datasetHash: version.sha256,
        epochsTotal: spec.training.epochs,
        baseRunId: base?.ok ? base.base.runId : null,
      },
    });
    // "Most runs" on the datasets page counts submissions to any version of the dataset.
    await tx.dataset.updateMany({
      where: { versions: { some: { id: datasetVersionId } } },
      data: { runCount: { increment: 1 } },
    });
    await alsoRecord?.(created, tx);
    return { ...created, queuedAhead: waiting };
  });
  if (!(await enqueueRun(run.id, run.queuedAhead)))
    log.warn("could not enqueue run; the reconciler will", { runId: run.id });
  return run;
}

/** Cancels a queued run at once; a running one stops after its current batch (the worker polls for this). Owner only. */
export async function cancelRun({ actor, runId }: { actor: TSessionUser; runId: string }, db: TPrisma = getPrisma()) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run || run.userId !== actor.id) throw new AppError("NOT_FOUND");
  if (run.status === "QUEUED") {
    const { canceled, notified } = await db.$transaction(async (tx) => {
      if (!(await cancelQueuedRun({ runId }, tx))) return { canceled: false, notified: [] };
      await recordReproductionOutcome(runId, tx);
      // The owner's own cancel: only the run's watchers hear of it. Last in the transaction (notifications/notify.ts).
      return { canceled: true, notified: await notifyRunOutcome(runId, tx, { canceledBy: actor.id }) };
    });
    if (canceled) {
      await publishNotifications(notified);
      return "CANCELED" as const;
    }
  }
  if (run.status === "RUNNING" || run.status === "QUEUED") {
    await db.run.update({ where: { id: runId }, data: { cancelRequested: true } });
    return "CANCELING" as const;
  }
  throw new AppError("CONFLICT", { run: "run.finished" });
}

/** Queues an identical run: same config revision, dataset version and seed. */
export async function rerun({ actor, runId }: { actor: TSessionUser; runId: string }, db: TPrisma = getPrisma()) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("NOT_FOUND");
  return submitRun(
    { actor, configRevisionId: run.configRevisionId, datasetVersionId: run.datasetVersionId, seed: run.seed },
    db,
  );
}
