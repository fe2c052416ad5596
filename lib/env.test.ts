import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/trainyard",
  REDIS_URL: "redis://127.0.0.1:6379",
  AUTH_SECRET: "x".repeat(32),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected parseEnv to throw");
}

describe("parseEnv", () => {
  it("accepts a complete environment and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.QUEUE_PREFIX).toBe("trainyard");
    expect(env.DATA_DIR).toBe(".data");
  });

  it("names each missing variable", () => {
    const problems = problemsOf({});
    expect(problems.some((p) => p.startsWith("DATABASE_URL is required"))).toBe(true);
    expect(problems.some((p) => p.startsWith("REDIS_URL is required"))).toBe(true);
    expect(problems.some((p) => p.startsWith("AUTH_SECRET is required"))).toBe(true);
  });

  it("treats an empty string as missing", () => {
    expect(problemsOf({ ...valid, DATABASE_URL: "" })).toEqual([expect.stringMatching(/^DATABASE_URL is required/)]);
  });

  it("names a malformed variable and says what is expected", () => {
    expect(problemsOf({ ...valid, REDIS_URL: "localhost:6379" })).toEqual([
      "REDIS_URL must be a redis:// or rediss:// URL",
    ]);
    expect(problemsOf({ ...valid, AUTH_SECRET: "short" })[0]).toMatch(/^AUTH_SECRET must be at least 32 characters/);
    expect(problemsOf({ ...valid, QUEUE_PREFIX: "a b" })[0]).toMatch(/^QUEUE_PREFIX may contain/);
  });

  it("requires the GitHub id and secret together", () => {
    expect(problemsOf({ ...valid, AUTH_GITHUB_ID: "abc" })).toEqual([
      "AUTH_GITHUB_SECRET AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together (or both left out)",
    ]);
    expect(parseEnv({ ...valid, AUTH_GITHUB_ID: "abc", AUTH_GITHUB_SECRET: "def" }).AUTH_GITHUB_ID).toBe("abc");
  });

  it("puts every problem in the error message, with a pointer to .env.example", () => {
    try {
      parseEnv({ ...valid, REDIS_URL: undefined, AUTH_SECRET: "x" });
    } catch (error) {
      expect((error as Error).message).toContain("REDIS_URL");
      expect((error as Error).message).toContain("AUTH_SECRET");
      expect((error as Error).message).toContain(".env.example");
    }
  });
});
