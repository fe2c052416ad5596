import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests sit beside the code (*.test.ts). Integration tests
// need DATABASE_URL (a migrated, throwaway database) and REDIS_URL: `npm test`
// provides both; see scripts/test.ts.
/** Files that start worker processes or an embedded PostgreSQL, or train models in-process. */
const HEAVY = ["worker/*.test.ts", "app/api/pg-restart.test.ts"];
const ALL = [
  "lib/**/*.test.ts",
  "worker/**/*.test.ts",
  "app/**/*.test.ts",
  "scripts/**/*.test.ts",
  "eslint/**/*.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    // next-auth's ESM imports "next/server" without an extension, which Node's resolver refuses; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    setupFiles: ["./vitest.setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests that start worker processes (each with its own training threads) or train models in-process starve each
    // other on a 2-core machine when two run at once: their waits for epochs then time out. `npm test` runs the
    // "processes" project after the rest with --maxWorkers=1 (scripts/test.ts); a plain `vitest run` runs it after the
    // unit project (groupOrder), two files at a time. Not singleFork: each file needs its own process (lib/db and the
    // queue connections are cached on globalThis, and some files point them at a Redis or PostgreSQL of their own).
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ALL, exclude: [...HEAVY, "node_modules/**", "e2e/**", ".next/**"] },
      },
      {
        extends: true,
        test: {
          name: "processes",
          include: HEAVY,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
