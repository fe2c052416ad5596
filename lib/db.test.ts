import { describe, expect, it } from "vitest";
import { getPrisma, preparedStatementName } from "./db";
import { createUser } from "./factories/users";

describe("prepared statements", () => {
  it("name each SQL text once, the same every time", () => {
    const a = preparedStatementName(`SELECT 1 AS "db test a"`);
    expect(a).toMatch(/^ty\d+$/);
    expect(preparedStatementName(`SELECT 1 AS "db test a"`)).toBe(a);
    expect(preparedStatementName(`SELECT 1 AS "db test b"`)).not.toBe(a);
  });

  it("are kept by the connection that ran them, and give the same answers", async () => {
    const db = getPrisma();
    const user = await createUser();
    // One connection for the lot: an interactive transaction holds its client.
    const prepared = await db.$transaction(async (tx) => {
      for (let i = 0; i < 7; i++)
        expect((await tx.user.findUnique({ where: { id: user.id } }))?.handle).toBe(user.handle); // past PostgreSQL's 5 custom plans
      return tx.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`;
    });
    expect(prepared.some((p) => p.statement.includes(`FROM "public"."User"`))).toBe(true);
  });
});
