/**
 * `npm test`: the whole suite, as CI runs it.
 *   typecheck → lint → format (prettier --check) → deadcode (knip) → unit + integration (vitest) → production build → e2e (Playwright + real worker)
 * against a fresh, migrated PostgreSQL database and its own queue prefix on Redis.
 * Before anything runs it finds what the run needs — Chromium for e2e (scripts/lib/browser.ts), Redis, PostgreSQL —
 * and stops at once with one line saying what to install when something cannot be found or set up.
 * Ends with one line `N passed, N failed` (each test counts; typecheck, lint, format, deadcode and build count one each).
 * Flags: --no-e2e (skip build and e2e), --only=<step>[,<step>] with steps typecheck,lint,format,deadcode,unit,build,e2e.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, dropDatabase, ensureDatabase } from "../lib/migrations";
import { findChromium, realBrowserProbes } from "./lib/browser";
import { MissingServiceError, resolvePostgres, resolveRedis, withDatabase, type TStarted } from "./lib/services";

type TCount = { passed: number; failed: number; skipped: number };
const STEPS = ["typecheck", "lint", "format", "deadcode", "unit", "build", "e2e"] as const;
type TStep = (typeof STEPS)[number];

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const selected = STEPS.filter((s) =>
  only ? only.includes(s) : !(args.includes("--no-e2e") && (s === "build" || s === "e2e")),
);

const log = (m: string) => console.log(`\x1b[36m[test]\x1b[0m ${m}`);

function exec(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitestCounts(exitCode: number, file: string): TCount {
  const r = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
    file,
  );
  if (!r) return { passed: 0, failed: 1, skipped: 0 };
  // A suite that crashed outside any test still fails the run.
  const failed = r.numFailedTests + (exitCode !== 0 && r.numFailedTests === 0 ? 1 : 0);
  return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(exitCode: number): TCount {
  const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    "test-results/playwright.json",
  );
  if (!r) return { passed: 0, failed: 1, skipped: 0 };
  const failed = r.stats.unexpected + r.stats.flaky + (exitCode !== 0 && r.stats.unexpected === 0 ? 1 : 0);
  return { passed: r.stats.expected, failed, skipped: r.stats.skipped };
}

const single = (code: number): TCount => ({ passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });

async function main() {
  const started: TStarted[] = [];
  const results: Partial<Record<TStep, TCount>> = {};
  let databaseUrl: string | undefined;
  // Uploaded files of this run live in their own directory, removed at the end.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trainyard-test-"));
  try {
    const needsServices = selected.some((s) => s === "unit" || s === "e2e");
    const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    if (selected.includes("e2e")) {
      const browser = await findChromium(await realBrowserProbes(log));
      if (!browser.ok) throw new MissingServiceError(browser.message);
      log(`Chromium for e2e: ${browser.path} (${browser.source})`);
      // playwright.config.ts reads it; Playwright's own browser needs no path (it also brings its headless shell).
      if (browser.source === "playwright") delete env.CHROMIUM_PATH;
      else env.CHROMIUM_PATH = browser.path;
    }
    if (needsServices) {
      // Redis first: it cannot be started from npm, so a missing one is reported before anything else starts.
      const redis = await resolveRedis(log);
      if (redis.started) started.push(redis.started);
      const pg = await resolvePostgres(log);
      if (pg.started) started.push(pg.started);
      databaseUrl = withDatabase(pg.serverUrl, `trainyard_test_${runId}`);
      await ensureDatabase(databaseUrl);
      await applyMigrations({ connectionString: databaseUrl });
      log(`fresh database trainyard_test_${runId}, queue prefix ty-test-${runId}`);
      Object.assign(env, {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        QUEUE_PREFIX: `ty-test-${runId}`,
        DATA_DIR: dataDir,
        LOG_LEVEL: env.LOG_LEVEL ?? "info",
      });
    }
    rmSync("test-results/playwright.json", { force: true });

    for (const step of selected) {
      log(`── ${step} ──`);
      if (step === "typecheck") results.typecheck = single(await exec("npx", ["tsc", "--noEmit"], env));
      if (step === "lint") results.lint = single(await exec("npx", ["eslint", ".", "--max-warnings=0"], env));
      if (step === "format")
        results.format = single(await exec("npx", ["prettier", "--check", ".", "--log-level", "warn"], env));
      if (step === "deadcode") results.deadcode = single(await exec("npx", ["knip", "--no-progress"], env));
      if (step === "unit") {
        // Two passes (vitest.config.ts): the unit project two files at a time, then the tests that start worker
        // processes one file at a time, each file in its own process.
        const counts: TCount[] = [];
        for (const [project, extra] of [
          ["unit", []],
          ["processes", ["--maxWorkers=1"]],
        ] as const) {
          const file = `test-results/vitest-${project}.json`;
          rmSync(file, { force: true });
          const code = await exec(
            "npx",
            [
              "vitest",
              "run",
              `--project=${project}`,
              ...extra,
              "--reporter=default",
              "--reporter=json",
              `--outputFile.json=${file}`,
            ],
            env,
          );
          counts.push(vitestCounts(code, file));
        }
        results.unit = counts.reduce((a, b) => ({
          passed: a.passed + b.passed,
          failed: a.failed + b.failed,
          skipped: a.skipped + b.skipped,
        }));
      }
      if (step === "build") results.build = single(await exec("npx", ["next", "build"], env));
      if (step === "e2e") {
        if (results.build && results.build.failed) {
          results.e2e = { passed: 0, failed: 1, skipped: 0 };
          log("skipping e2e: the build failed");
        } else if (!existsSync(".next/BUILD_ID")) {
          results.e2e = { passed: 0, failed: 1, skipped: 0 };
          log("skipping e2e: no production build (.next/BUILD_ID); run with the build step");
        } else {
          results.e2e = playwrightCounts(await exec("npx", ["playwright", "test"], env));
        }
      }
    }
  } catch (error) {
    if (error instanceof MissingServiceError) {
      // Nothing has run yet: the one line that says what to install, and stop.
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    console.error(error);
    results.unit ??= { passed: 0, failed: 1, skipped: 0 };
  } finally {
    if (databaseUrl && !process.env.KEEP_TEST_DB) await dropDatabase(databaseUrl).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    for (const s of started.reverse()) await s.stop().catch(() => {});
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log("");
  for (const [step, c] of Object.entries(results)) {
    console.log(
      `  ${step.padEnd(10)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`,
    );
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
