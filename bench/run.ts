/**
 * `npm run bench`: every benchmark, each figure a ratio against a baseline
 * measured in the same run on the same machine. Results go to docs/PERFORMANCE.md by hand.
 */
import os from "node:os";
import { benchIngest } from "./ingest";
import { benchTraining } from "./training";
import { benchQueue } from "./queue";
import { benchLeaderboards } from "./leaderboards";
import { benchProgress } from "./progress";

console.log(`machine: ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}\n`);

// BENCH=ingest,training picks suites (default: all).
const all = { ingest: benchIngest, training: benchTraining, queue: benchQueue, progress: benchProgress, leaderboards: benchLeaderboards };
const picked = (process.env.BENCH ?? Object.keys(all).join(",")).split(",") as (keyof typeof all)[];
const suites = picked.map((name) => all[name]).filter(Boolean);
for (const suite of suites) {
  const result = await suite();
  console.log(`${result.name} — ${result.file}`);
  for (const row of result.rows) {
    console.log(
      `  ${row.figure.padEnd(60)} ${row.value.padStart(11)}   ratio ${row.ratio.toFixed(2).padStart(5)}   peak RSS ${row.rssMB.toFixed(0).padStart(4)} MB${"target" in row ? `   (target ${row.target})` : ""}`,
    );
  }
  console.log("");
}

// Every suite closes its own connections; exit explicitly anyway so a stray handle
// (a library's timer) can never keep a finished benchmark waiting.
process.exit(0);
