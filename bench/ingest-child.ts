/**
 * One measurement in its own process, so its peak RSS is its own.
 * argv: <mode: raw|ingest|profile> <csv path>. Prints one JSON line.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { ingestTabular, profileTabular } from "../lib/datasets/ingest";

const [mode, file] = process.argv.slice(2) as [string, string];
const started = performance.now();
let rows = 0;
if (mode === "raw") {
  // The baseline: csv-parse alone, default options, every record iterated.
  for await (const _record of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse())) rows++;
  rows--; // header
} else if (mode === "ingest") {
  const result = await ingestTabular({
    filePath: file,
    fileName: "bench.csv",
    sha256: "0".repeat(64),
    targetColumn: "label",
    taskType: "CLASSIFICATION",
    profile: true,
  });
  rows = result.rowCount;
} else {
  // An empty split profiles every row, as the worker does for a version without a private half.
  const profile = await profileTabular({
    filePath: file,
    format: { delimiter: ",", bom: false },
    targetColumn: "label",
    taskType: "CLASSIFICATION",
    split: new Uint8Array(0),
  });
  rows = profile.rowCount;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ mode, rows, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
