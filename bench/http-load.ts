import autocannon from "autocannon";
import { boardPath, pickBoard, type TBoardPick } from "./board-paths";

/**
 * A closed-loop HTTP load (autocannon: each of `clients` connections sends its next
 * request when the previous answer is complete), run in a process of its own so the
 * benchmark's other work (the result writer) never delays the clock that times the
 * responses. Asks for gzip, as browsers do. Usage, from bench/leaderboards.ts:
 *   node --import tsx bench/http-load.ts '{"origin":…,"paths":"popular","clients":20,"seconds":20}'
 * and prints one line of JSON: percentiles, counts and the page cache's hit ratio.
 */
export type TLoadSpec = { origin: string; paths: TBoardPick | { fixed: string }; clients: number; seconds: number };
export type TLoadResult = {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  hitRatio: number;
  staleRatio: number;
  bytesPerResponse: number;
};

const spec = JSON.parse(process.argv[2]!) as TLoadSpec;
const { paths } = spec;
const nextPath = typeof paths === "object" ? () => paths.fixed : () => boardPath(pickBoard(paths));

const latencies: number[] = [];
let hits = 0;
let stale = 0;
let finish: (result: autocannon.Result) => void = () => {};
const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
const instance = autocannon(
  {
    url: spec.origin,
    connections: spec.clients,
    duration: spec.seconds,
    headers: { "accept-encoding": "gzip, deflate, br" },
    requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
    setupClient(client) {
      // autocannon hands over the parser's raw header list: [name, value, name, value, …].
      client.on("headers", (info: unknown) => {
        const raw = (info as { headers?: unknown }).headers;
        if (!Array.isArray(raw)) return;
        for (let i = 0; i < raw.length; i += 2) {
          if (String(raw[i]).toLowerCase() !== "x-trainyard-cache") continue;
          if (raw[i + 1] === "HIT") hits++;
          if (raw[i + 1] === "STALE") stale++;
        }
      });
    },
  },
  (error, result) => {
    if (error) throw error;
    finish(result);
  },
);
instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
const result = await done;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
const out: TLoadResult = {
  n: latencies.length,
  p50: at(0.5),
  p95: at(0.95),
  p99: at(0.99),
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
  hitRatio: hits / Math.max(1, latencies.length),
  staleRatio: stale / Math.max(1, latencies.length),
  bytesPerResponse: result.throughput.total / Math.max(1, latencies.length),
};
console.log(JSON.stringify(out));
