import { benchEnvironment, startApp } from "./environment";

/**
 * Live progress latency (issue 5): a run's epoch ends in the worker → the event
 * arrives at a browser-like SSE client of `/api/runs/<id>/events` served by `next start`.
 * Epoch events carry the worker's epoch-end time; the client subtracts it from its
 * arrival time (one machine, one clock). Baseline: a bare Redis PUBLISH → a
 * subscriber's message, measured in the same run.
 */
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))]!;
const rss = () => process.resourceUsage().maxRSS / 1024;

export async function benchProgress() {
  const environment = await benchEnvironment({ TFJS_BACKEND: "wasm" });
  const { Worker } = await import("bullmq");
  const { queueOptions } = await import("../lib/queue/connection");
  const { createRedis } = await import("../lib/redis");
  const { createUser } = await import("../lib/factories/users");
  const { createSampleDataset } = await import("../lib/factories/datasets");
  const { createConfig } = await import("../lib/configs/mutations");
  const { templateSpec } = await import("../lib/configs/templates");
  const { submitRun } = await import("../lib/runs/mutations");
  const { TRAINING_QUEUE, closeTrainingQueue } = await import("../lib/queue/training");
  const { createTrainProcessor } = await import("../worker/processors/train");
  const { warmTrainingThread, stopTrainingThread } = await import("../worker/training/run-in-thread");
  const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 200);

  // Baseline: bare pub/sub round trip on the same Redis.
  const pub = createRedis();
  const sub = createRedis();
  const bare: number[] = [];
  await sub.subscribe("bench-latency");
  let resolveMessage: (() => void) | null = null;
  sub.on("message", (_c, m) => {
    bare.push(performance.now() - Number(m));
    resolveMessage?.();
  });
  for (let i = 0; i < EPOCHS; i++) {
    const got = new Promise<void>((r) => (resolveMessage = r));
    await pub.publish("bench-latency", String(performance.now()));
    await got;
  }
  await sub.quit();

  // The platform: a real app server, a worker (same process, training in its warm thread), one run.
  const app = await startApp(Number(process.env.BENCH_PORT ?? 3198));
  const publisher = createRedis();
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const spec = structuredClone(templateSpec("logisticRegression", 3));
  spec.training.epochs = EPOCHS;
  spec.training.earlyStopping = { enabled: false };
  const { revision } = await createConfig({ actor: owner, meta: { title: "latency", designedForVersionId: version.id }, spec });
  const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });

  const latencies: number[] = [];
  const controller = new AbortController();
  const response = await fetch(`${app.origin}/api/runs/${run.id}/events`, { signal: controller.signal });
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const now = Date.now();
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (!frame.startsWith("data: ")) continue;
        const event = JSON.parse(frame.slice(6)) as { type: string; at?: number; status?: string };
        if (event.type === "epoch" && event.at) latencies.push(now - event.at);
        if (event.type === "status" && event.status === "SUCCEEDED") return;
      }
    }
  })();
  await warmTrainingThread("wasm");
  const worker = new Worker(TRAINING_QUEUE, createTrainProcessor({ prefer: "wasm", publisher }), { ...queueOptions(), concurrency: 1 });
  await reading;
  controller.abort();
  await worker.close();
  await stopTrainingThread();
  await publisher.quit();
  await pub.quit();
  await closeTrainingQueue();
  app.stop();
  await environment.dispose();

  const base = p95(bare);
  const mine = p95(latencies);
  return {
    name: "live progress latency",
    file: `${latencies.length} epochs of one run (logistic regression, iris), SSE client on next start; p95`,
    rows: [
      { figure: "bare Redis PUBLISH → subscriber (baseline)", value: `${base.toFixed(2)} ms`, ratio: 1, rssMB: rss() },
      { figure: "epoch end in the worker → event at the SSE client", value: `${mine.toFixed(1)} ms`, ratio: mine / base, rssMB: rss(), target: "≤ 250 ms" },
    ],
  };
}
