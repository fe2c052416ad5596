import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, statSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { mulberry32 } from "../lib/random";

/**
 * Dataset ingest benchmark (issue: datasets). A generated CSV of 1M rows × 12
 * columns (~100 MB). Figures are ratios against csv-parse's own throughput on
 * the same file, measured in the same run; each in a fresh process (peak RSS).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

async function generate(file: string) {
  const random = mulberry32(42);
  const out = createWriteStream(file);
  out.write("id,f1,f2,f3,f4,f5,f6,city,color,flag,day,label\n");
  const cities = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Xi'an", "Nanjing"];
  const colors = ["red", "green", "blue", "amber"];
  for (let i = 0; i < ROWS; i++) {
    const r = () => (random() * 1000 - 500).toFixed(6);
    const line = `${i},${r()},${r()},${r()},${random() < 0.02 ? "" : r()},${(random() * 10).toFixed(4)},${Math.floor(random() * 1e6)},${cities[i % cities.length]},${colors[Math.floor(random() * 4)]},${random() < 0.5},2024-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")},class_${Math.floor(random() * 5)}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

type TResult = { mode: string; rows: number; seconds: number; maxRssMB: number };

function measure(mode: string, file: string): TResult {
  const stdout = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "ingest-child.ts"), mode, file],
    { encoding: "utf8" },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as TResult;
}

export async function benchIngest() {
  const file = path.join(os.tmpdir(), `trainyard-bench-${ROWS}.csv`);
  if (!existsSync(file)) await generate(file);
  const mb = statSync(file).size / 1024 ** 2;
  const best = (mode: string, runs = 2) =>
    Array.from({ length: runs }, () => measure(mode, file)).sort((a, b) => a.seconds - b.seconds)[0]!;
  const raw = best("raw");
  const ingest = best("ingest");
  const profile = best("profile");
  return {
    name: "dataset ingest",
    file: `${ROWS.toLocaleString("en-US")} rows × 12 columns, ${mb.toFixed(1)} MB`,
    rows: [
      {
        figure: "csv-parse alone (baseline)",
        value: `${(mb / raw.seconds).toFixed(1)} MB/s`,
        ratio: 1,
        rssMB: raw.maxRssMB,
      },
      {
        figure: "upload ingest: validate + schema + profile + split",
        value: `${(mb / ingest.seconds).toFixed(1)} MB/s`,
        ratio: raw.seconds / ingest.seconds,
        rssMB: ingest.maxRssMB,
        target: "ratio ≥ 0.5, RSS < 300 MB",
      },
      {
        figure: "worker profile job",
        value: `${(mb / profile.seconds).toFixed(1)} MB/s`,
        ratio: raw.seconds / profile.seconds,
        rssMB: profile.maxRssMB,
      },
    ],
  };
}
