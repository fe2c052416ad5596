/**
 * `npm run bench`: every benchmark, each figure a ratio against a baseline
 * measured in the same run on the same machine. Results go to docs/PERFORMANCE.md by hand.
 */
import os from "node:os";
import { benchIngest } from "./ingest";

console.log(`machine: ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.availableParallelism()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}\n`);

const suites = [benchIngest];
for (const suite of suites) {
  const result = await suite();
  console.log(`${result.name} — ${result.file}`);
  for (const row of result.rows) {
    console.log(
      `  ${row.figure.padEnd(52)} ${row.value.padStart(11)}   ratio ${row.ratio.toFixed(2).padStart(5)}   peak RSS ${row.rssMB.toFixed(0).padStart(4)} MB${"target" in row ? `   (target ${row.target})` : ""}`,
    );
  }
  console.log("");
}
