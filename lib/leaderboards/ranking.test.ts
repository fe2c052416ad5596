import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rankOrder, rankOrderBy, rankTuple } from "./ranking";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts"))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("lib/generated/"));
}

describe("ranking order", () => {
  it("renders the order list and the row value for an alias and key", () => {
    expect(rankOrder().sql).toBe(`"sortKey", "submittedAt", "runId"`);
    expect(rankOrder("b").sql).toBe(`b."sortKey", b."submittedAt", b."runId"`);
    expect(rankOrder("cand", "privateSortKey").sql).toBe(
      `cand."privateSortKey" NULLS LAST, cand."submittedAt", cand."runId"`,
    );
    expect(rankTuple("EXCLUDED").sql).toBe(`(EXCLUDED."sortKey", EXCLUDED."submittedAt", EXCLUDED."runId")`);
    expect(rankOrderBy()).toEqual([{ sortKey: "asc" }, { submittedAt: "asc" }, { runId: "asc" }]);
    expect(() => rankOrder(`x"; DROP TABLE "Run"; --`)).toThrow();
  });

  it("is spelled out nowhere else: every ranking query builds it from lib/leaderboards/ranking.ts", () => {
    // `"submittedAt", "runId"` (with or without an alias) after a sort key is the ranking order written by hand.
    const handWritten = /"(?:sortKey|privateSortKey)"(?: NULLS LAST)?,\s*(?:\w+\.)?"submittedAt",\s*(?:\w+\.)?"runId"/;
    const offenders = [...sources("lib"), ...sources("worker"), ...sources("app"), ...sources("bench")]
      .filter((f) => f !== "lib/leaderboards/ranking.ts")
      .filter((f) => handWritten.test(readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
