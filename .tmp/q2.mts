import { getPrisma } from "/work/main/lib/db";
import { getBoardContext, listBoard, boardHistory } from "/work/main/lib/leaderboards/queries";
import { getDataset } from "/work/main/lib/datasets/queries";
const db = getPrisma();
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;
async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < 100; i++) { const t0 = performance.now(); await fn(); out.push(performance.now() - t0); }
  console.log(label, p95(out).toFixed(2), "ms p95; median", [...out].sort((a,b)=>a-b)[50]!.toFixed(2));
}
const ctx = (await getBoardContext({ owner: "bench-1", slug: "board-1" }, null))!;
await time("getBoardContext", () => getBoardContext({ owner: "bench-1", slug: "board-1" }, null));
await time("listBoard", () => listBoard(ctx, { view: "best", side: "public", page: 1 }, null));
await time("boardHistory", () => boardHistory(ctx.version.id, ctx.metric));
await time("getDataset", () => getDataset("bench-1", "board-1", null));
await time("count entries", () => db.leaderboardEntry.count({ where: { datasetVersionId: "v1", metric: "accuracy" } }));
process.exit(0);
