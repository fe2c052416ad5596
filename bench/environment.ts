import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, dropDatabase, ensureDatabase } from "../lib/migrations";
import { resolvePostgres, resolveRedis, withDatabase } from "../scripts/lib/services";

/**
 * A throwaway platform for a benchmark: PostgreSQL and Redis found or started as
 * for `npm test`, a fresh migrated database, its own storage directory and queue
 * prefix, set in process.env before any lib/ module reads it. `dispose` undoes it all.
 */
export async function benchEnvironment(extra: Record<string, string> = {}) {
  const pg = await resolvePostgres(() => {});
  const redis = await resolveRedis(() => {});
  const databaseUrl = withDatabase(pg.serverUrl, `trainyard_bench_${randomBytes(3).toString("hex")}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trainyard-bench-"));
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `ty-bench-${randomBytes(3).toString("hex")}`,
    ...extra,
  });
  await ensureDatabase(databaseUrl);
  await applyMigrations({ connectionString: databaseUrl });
  return {
    async dispose() {
      const { disconnectPrisma } = await import("../lib/db");
      await disconnectPrisma();
      await dropDatabase(databaseUrl).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
      await pg.started?.stop();
      await redis.started?.stop();
    },
  };
}
