import { spawn, type ChildProcess } from "node:child_process";

/** A real worker process (`node --import tsx worker/main.ts`, one process so signals reach it), output captured. */
export type TWorkerProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export async function startWorker(
  env: Record<string, string | undefined> = {},
  readyTimeoutMs = 30_000,
): Promise<TWorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    // One training slot unless a test asks for more: test files run in parallel, and extra warm threads only add load.
    env: { ...process.env, LOG_FORMAT: "json", WORKER_TRAINING_CONCURRENCY: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + readyTimeoutMs;
  while (!output.includes('"msg":"worker ready"')) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode} before ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => output, exited };
}

/** The worker's JSON log lines, parsed. */
export function logLines(output: string): { msg: string; [k: string]: unknown }[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg: string });
}
