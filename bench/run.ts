/**
 * `npm run bench`: every benchmark, each figure a ratio against a baseline
 * measured in the same run on the same machine. Results go to docs/PERFORMANCE.md by hand.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { benchIngest } from "./ingest";
import { benchTraining } from "./training";
import { benchFineTune } from "./fine-tune";
import { benchQueue } from "./queue";
import { benchLeaderboards } from "./leaderboards";
import { benchProgress } from "./progress";
import { benchFeed } from "./feed";

// BENCH=ingest,training picks suites (default: all).
const all = {
  ingest: benchIngest,
  training: benchTraining,
  fineTune: benchFineTune,
  queue: benchQueue,
  progress: benchProgress,
  leaderboards: benchLeaderboards,
  feed: benchFeed,
};
const picked = (process.env.BENCH ?? Object.keys(all).join(","))
  .split(",")
  .filter((name): name is keyof typeof all => name in all);

if (!process.env.BENCH_CHILD) {
  console.log(
    `machine: ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}\n`,
  );
}
if (picked.length > 1) {
  // One process per suite: each sets up its own database, storage and queue prefix, and lib/
  // singletons (configuration, blob store, clients) would otherwise keep the previous suite's.
  // Peak RSS figures are then each suite's own, too.
  for (const name of picked) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
      stdio: "inherit",
      env: { ...process.env, BENCH: name, BENCH_CHILD: "1" },
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

for (const name of picked) {
  const result = await all[name]();
  console.log(`${result.name} — ${result.file}`);
  for (const row of result.rows) {
    console.log(
      `  ${row.figure.padEnd(60)} ${row.value.padStart(11)}   ratio ${row.ratio.toFixed(2).padStart(5)}   peak RSS ${row.rssMB.toFixed(0).padStart(4)} MB${"target" in row ? `   (target ${row.target})` : ""}`,
    );
  }
  // The same figures, one JSON line each, for scripts: the baseline is the figure the ratio was taken against.
  for (const row of result.rows) {
    const match = /^(-?[\d.,]+)\s*(.*)$/.exec(row.value.trim());
    const value = match ? Number(match[1]!.replaceAll(",", "")) : Number.NaN;
    const unit = match ? match[2]! : row.value;
    const baseline = row.ratio > 0 && Number.isFinite(value) ? value / row.ratio : null;
    console.log(
      JSON.stringify({
        figure: `${result.name}: ${row.figure}`,
        value,
        unit,
        baseline: baseline === null ? null : Number(baseline.toPrecision(6)),
        ratio: Number(row.ratio.toFixed(4)),
      }),
    );
  }
  console.log("");
}

// Every suite closes its own connections; exit explicitly anyway so a stray handle
// (a library's timer) can never keep a finished benchmark waiting.
process.exit(0);
