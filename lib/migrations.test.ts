import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, dropDatabase, ensureDatabase } from "./migrations";
import { uniqueSuffix } from "./factories/users";

const scratch = (() => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/trainyard_mig_${uniqueSuffix()}`;
  return url.toString();
})();

afterAll(() => dropDatabase(scratch));

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: scratch });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("applyMigrations", () => {
  it("creates the database and applies every migration once, recorded as Prisma does", async () => {
    expect(await ensureDatabase(scratch)).toBe(true);
    expect(await ensureDatabase(scratch)).toBe(false);
    const first = await applyMigrations({ connectionString: scratch });
    expect(first.applied.length).toBeGreaterThan(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["User", "Account", "Session", "Activity"]));
  });

  it("is idempotent, also when two processes start at once", async () => {
    const [a, b] = await Promise.all([
      applyMigrations({ connectionString: scratch }),
      applyMigrations({ connectionString: scratch }),
    ]);
    expect([...a.applied, ...b.applied]).toEqual([]);
  });
});
