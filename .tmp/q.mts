import { getPrisma } from "/work/main/lib/db";
import { topEntries } from "/work/main/lib/leaderboards/queries";
import pg from "pg";
const db = getPrisma();
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;
async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < 200; i++) { const t0 = performance.now(); await fn(); out.push(performance.now() - t0); }
  console.log(label, p95(out).toFixed(2), "ms p95; median", [...out].sort((a,b)=>a-b)[100]!.toFixed(2));
}
await time("prisma SELECT 1", () => db.$queryRaw`SELECT 1`);
await time("prisma top-50 only", () => db.$queryRaw`SELECT * FROM "LeaderboardEntry" WHERE "datasetVersionId" = ${"v1"} AND "metric" = ${"accuracy"} ORDER BY "sortKey", "submittedAt", "runId" LIMIT 50`);
await time("prisma findMany top-50", () => db.leaderboardEntry.findMany({ where: { datasetVersionId: "v1", metric: "accuracy" }, orderBy: [{ sortKey: "asc" }, { submittedAt: "asc" }, { runId: "asc" }], take: 50 }));
await time("topEntries (with display joins)", () => topEntries(db, "v1", "accuracy", 50));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
await time("pg top-50 only", () => pool.query(`SELECT * FROM "LeaderboardEntry" WHERE "datasetVersionId" = $1 AND "metric" = $2 ORDER BY "sortKey", "submittedAt", "runId" LIMIT 50`, ["v1", "accuracy"]));
await time("pg top-50 only, named", () => pool.query({ name: "top50", text: `SELECT * FROM "LeaderboardEntry" WHERE "datasetVersionId" = $1 AND "metric" = $2 ORDER BY "sortKey", "submittedAt", "runId" LIMIT 50`, values: ["v1", "accuracy"] }));
await pool.end();
process.exit(0);
