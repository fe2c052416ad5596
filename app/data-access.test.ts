import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Data flows one way: page or action -> lib/<domain> -> Prisma. A Prisma call in app/ is a query no other caller
 * (the worker, a test, the API) can share, and one that skips the domain's permission rules.
 */
const APP = import.meta.dirname;
// Auth.js's Prisma adapter is handed the client itself: wiring, not a query.
const ALLOWED: Record<string, RegExp> = { "_server/auth.ts": /PrismaAdapter\(getPrisma\(\)/ };

describe("app/ data access", () => {
  it("goes through lib/<domain>, never through the Prisma client", () => {
    const offenders: string[] = [];
    for (const e of readdirSync(APP, { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !/\.tsx?$/.test(e.name) || e.name.endsWith(".test.ts")) continue;
      const file = path.relative(APP, path.join(e.parentPath, e.name));
      const lines = readFileSync(path.join(APP, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        if (
          !/getPrisma\(|lib\/generated\/prisma|\bprisma\.\w+\.(?:find|create|update|upsert|delete|count|aggregate|groupBy)|\$queryRaw|\$executeRaw/.test(
            line,
          )
        )
          return;
        if (ALLOWED[file]?.test(line)) return;
        offenders.push(`app/${file}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
