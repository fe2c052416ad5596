import { Worker } from "bullmq";
import os from "node:os";
import { loadEnv, EnvError } from "../lib/env";
import { createLogger } from "../lib/logger";
import { createRedis } from "../lib/redis";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { PING_QUEUE } from "../lib/queue/ping";
import { enqueueProfile, closeProfileQueue, PROFILE_QUEUE } from "../lib/queue/profile";
import { pendingProfileVersionIds } from "../lib/datasets/profile-job";
import { createPingProcessor } from "./processors/ping";
import { processProfile } from "./processors/profile-dataset";
import { processDecode } from "./processors/decode-images";
import { closeDecodeQueue, DECODE_QUEUE, enqueueDecode } from "../lib/queue/decode";
import { pendingDecodeVersionIds } from "../lib/datasets/decode-job";
import { createTrainProcessor } from "./processors/train";
import {
  interruptTrainingThreads,
  stopTrainingThread,
  trainingSlots,
  warmTrainingThread,
} from "./training/run-in-thread";
import { watchCancels } from "./training/cancel-watch";
import { TrainingMemoryBudget } from "./training/budget";
import { trainingBudgetBytes } from "../lib/runs/memory";
import { closeTrainingQueue, TRAINING_QUEUE } from "../lib/queue/training";
import { reconcileRuns } from "../lib/runs/reconcile";
import { sendDigests } from "../lib/email/digest";
import { logBackendChoice, type TBackendChoice } from "./tfjs/backend";

/**
 * The worker process: BullMQ consumers plus the training engine. Started with
 * `npm run worker`; never imported by the web app.
 */
const log = createLogger({ service: "worker", pid: process.pid });

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (error) {
  if (error instanceof EnvError) {
    log.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const connection = createRedis(env.REDIS_URL);
connection.on("error", (error) => log.warn("redis connection error", { error: error.message }));
const prisma = getPrisma();
// Training runs (and tfjs lives) in the training thread; pub/sub messages about runs go out on this connection.
const publisher = createRedis(env.REDIS_URL);
publisher.on("error", () => {});
let backend: TBackendChoice | null = null;

const workers: Worker[] = [];

function attachListeners(worker: Worker) {
  worker.on("failed", (job, error) =>
    log.error("job failed", { queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.message }),
  );
  worker.on("stalled", (jobId) => log.warn("job stalled; it will be retried", { queue: worker.name, jobId }));
  worker.on("error", (error) => log.error("worker error", { queue: worker.name, error: error.message }));
  worker.on("completed", (job) => log.debug("job completed", { queue: worker.name, jobId: job.id }));
}

async function start() {
  await prisma.$connect();
  backend = await warmTrainingThread(env.TFJS_BACKEND);
  logBackendChoice(backend, log);

  const common = { connection, prefix: env.QUEUE_PREFIX, autorun: true } as const;
  const ping = new Worker(PING_QUEUE, createPingProcessor({ backend: () => backend?.name ?? null }), {
    ...common,
    concurrency: 4,
  });
  const cores = os.availableParallelism();
  const profile = new Worker(PROFILE_QUEUE, processProfile, {
    ...common,
    concurrency: env.WORKER_CONCURRENCY ?? Math.max(1, cores - 1),
  });
  const trainingConcurrency = env.WORKER_TRAINING_CONCURRENCY ?? trainingSlots(backend.name, cores);
  await warmTrainingThread(env.TFJS_BACKEND, trainingConcurrency);
  // One training-memory budget for the whole process, shared by its concurrent runs.
  const budget = new TrainingMemoryBudget(trainingBudgetBytes(env.WORKER_MAX_TRAINING_BYTES));
  const train = new Worker(TRAINING_QUEUE, createTrainProcessor({ prefer: env.TFJS_BACKEND, publisher, budget }), {
    ...common,
    concurrency: trainingConcurrency,
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
  });
  // Decoding a large image zip keeps libvips' own threads busy: one at a time per worker process.
  const decode = new Worker(DECODE_QUEUE, processDecode, { ...common, concurrency: 1 });
  workers.push(ping, profile, decode, train);
  stopCancelWatch = watchCancels();
  for (const w of workers) attachListeners(w);
  reconciler = setInterval(() => void reconcile(), env.WORKER_RECONCILE_INTERVAL_MS);
  void reconcile();
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info("worker ready", {
    queues: workers.map((w) => w.name),
    host: os.hostname(),
    backend: backend.name,
    trainingConcurrency,
    trainingBudgetBytes: budget.totalBytes,
  });
}

let reconciler: NodeJS.Timeout | undefined;
let stopCancelWatch: (() => void) | undefined;

/**
 * Re-enqueues work whose job never reached Redis (e.g. Redis was down at upload). Job ids dedupe. Then, where e-mail
 * is configured, mails the digests that are due (lib/email/digest.ts; safe with several workers).
 */
async function reconcile() {
  try {
    const ids = await pendingProfileVersionIds();
    for (const id of ids) await enqueueProfile(id);
    if (ids.length) log.info("reconciler enqueued pending profiles", { count: ids.length });
    const decodes = await pendingDecodeVersionIds();
    for (const id of decodes) await enqueueDecode(id);
    if (decodes.length) log.info("reconciler enqueued pending image decodes", { count: decodes.length });
    const runs = await reconcileRuns(loadEnv().RUN_RECONCILE_GRACE_MS);
    if (runs.enqueued || runs.failed) log.info("reconciler fixed runs", runs);
  } catch (error) {
    log.warn("reconciler failed; will retry", { error: (error as Error).message });
  }
  // Apart from the work above, so that one failing never holds the other back.
  if (loadEnv().SMTP_URL) {
    try {
      const digests = await sendDigests();
      if (digests.sent || digests.failed) log.info("e-mail digests", digests);
    } catch (error) {
      log.warn("e-mail digests failed; will retry", { error: (error as Error).message });
    }
  }
}

let stopping: Promise<void> | undefined;

/** Close workers (letting active jobs finish), then Redis, then Prisma. */
function shutdown(signal: string) {
  stopping ??= (async () => {
    log.info("shutting down", { signal, active: workers.length });
    const force = setTimeout(() => {
      log.error("shutdown took longer than 60 s; exiting");
      process.exit(1);
    }, 60_000);
    force.unref();
    clearInterval(reconciler);
    interruptTrainingThreads(); // running trainings stop after their current batch and go back to the queue
    await Promise.all(workers.map((w) => w.close()));
    stopCancelWatch?.();
    await stopTrainingThread();
    await closeProfileQueue();
    await closeDecodeQueue();
    await closeTrainingQueue();
    log.info("workers closed");
    await connection.quit().catch(() => connection.disconnect());
    await publisher.quit().catch(() => publisher.disconnect());
    log.info("redis closed");
    await disconnectPrisma();
    log.info("prisma closed");
    process.exit(0);
  })();
  return stopping;
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

start().catch((error: unknown) => {
  log.error("worker failed to start", { error });
  process.exit(1);
});
