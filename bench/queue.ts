import { benchEnvironment, inProcessTrainer, irisLogisticConfig, p95, peakRssMB } from "./environment";

/**
 * Queue overhead (issue 5): submit → training start with an idle worker, against
 * a bare BullMQ no-op job's add → processor start, both p95, same Redis, same process.
 */

export async function benchQueue() {
  const environment = await benchEnvironment({ TFJS_BACKEND: "wasm" });

  const { Queue, Worker } = await import("bullmq");
  const { queueOptions } = await import("../lib/queue/connection");
  const { getPrisma } = await import("../lib/db");
  const { submitRun } = await import("../lib/runs/mutations");
  const N = Number(process.env.BENCH_JOBS ?? 30);

  // Baseline: bare BullMQ, no-op processor.
  const bare = new Queue("bench-noop", queueOptions());
  const starts = new Map<string, number>();
  const bareWorker = new Worker("bench-noop", async (job) => void starts.set(job.id!, performance.now()), {
    ...queueOptions(),
    concurrency: 1,
  });
  await bareWorker.waitUntilReady();
  const bareLatency: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const job = await bare.add("noop", {});
    while (!starts.has(job.id!)) await new Promise((r) => setTimeout(r, 1));
    bareLatency.push(starts.get(job.id!)! - t0);
  }
  await bareWorker.close();
  await bare.obliterate({ force: true });
  await bare.close();

  // Trainyard: submitRun → the worker thread's claim of the run (Run.startedAt), idle worker, tiny run.
  const trainer = await inProcessTrainer();
  const { owner, version, revision } = await irisLogisticConfig("noop-ish", 1);
  const ours: number[] = [];
  const db = getPrisma();
  for (let i = 0; i < N; i++) {
    const t0 = Date.now();
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    let done = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    while (done.status !== "SUCCEEDED" && done.status !== "FAILED") {
      await new Promise((r) => setTimeout(r, 5));
      done = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    }
    ours.push(done.startedAt!.getTime() - t0);
  }
  await trainer.stop();
  await environment.dispose();

  const base = p95(bareLatency);
  const mine = p95(ours);
  return {
    name: "queue overhead",
    file: `${N} jobs each, sequential, idle worker; p95 of submit → start`,
    rows: [
      {
        figure: "bare BullMQ no-op job: add → processor start (baseline)",
        value: `${base.toFixed(1)} ms`,
        ratio: 1,
        rssMB: peakRssMB(),
      },
      {
        figure: "submitRun → training thread claims the run",
        value: `${mine.toFixed(1)} ms`,
        ratio: mine / base,
        rssMB: peakRssMB(),
        target: `≤ 2 × baseline + 20 ms = ${(2 * base + 20).toFixed(1)} ms`,
      },
    ],
  };
}
