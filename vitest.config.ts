import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests sit beside the code (*.test.ts). Integration tests
// need DATABASE_URL (a migrated, throwaway database) and REDIS_URL: `npm test`
// provides both; see scripts/test.ts.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "worker/**/*.test.ts",
      "app/**/*.test.ts",
      "scripts/**/*.test.ts",
      "eslint/**/*.test.ts",
    ],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    environment: "node",
    // next-auth's ESM imports "next/server" without an extension, which Node's resolver refuses; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    setupFiles: ["./vitest.setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
