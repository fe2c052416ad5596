import { benchEnvironment, inProcessTrainer, irisLogisticConfig, p95, peakRssMB, startApp } from "./environment";

/**
 * Live progress latency (issue 5): a run's epoch ends in the worker → the event
 * arrives at a browser-like SSE client of `/api/runs/<id>/events` served by `next start`.
 * Epoch events carry the worker's epoch-end time; the client subtracts it from its
 * arrival time (one machine, one clock). Baseline: a bare Redis PUBLISH → a
 * subscriber's message, measured in the same run.
 */

export async function benchProgress() {
  const environment = await benchEnvironment({ TFJS_BACKEND: "wasm" });
  const { createRedis } = await import("../lib/redis");
  const { submitRun } = await import("../lib/runs/mutations");
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
  const latencies: number[] = [];
  try {
    const { owner, version, revision } = await irisLogisticConfig("latency", EPOCHS);
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });

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
          // An event's fields are lines ("data: …", "id: …"); heartbeats and "retry:" carry no data.
          const data = frame.split("\n").find((line) => line.startsWith("data: "));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as { type: string; at?: number; status?: string };
          if (event.type === "epoch" && event.at) latencies.push(now - event.at);
          if (event.type === "status" && event.status === "SUCCEEDED") return;
        }
      }
    })();
    const trainer = await inProcessTrainer(); // the run is queued and the client listening: training starts now
    await reading;
    controller.abort();
    await trainer.stop();
    await pub.quit();
  } finally {
    app.stop();
  }
  await environment.dispose();

  const base = p95(bare);
  const mine = p95(latencies);
  return {
    name: "live progress latency",
    file: `${latencies.length} epochs of one run (logistic regression, iris), SSE client on next start; p95`,
    rows: [
      {
        figure: "bare Redis PUBLISH → subscriber (baseline)",
        value: `${base.toFixed(2)} ms`,
        ratio: 1,
        rssMB: peakRssMB(),
      },
      {
        figure: "epoch end in the worker → event at the SSE client",
        value: `${mine.toFixed(1)} ms`,
        ratio: mine / base,
        rssMB: peakRssMB(),
        target: "≤ 250 ms",
      },
    ],
  };
}
