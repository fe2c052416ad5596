import { chromium, defineConfig, devices } from "@playwright/test";
import { chromiumForPlaywright } from "./scripts/lib/browser";

// End-to-end tests drive a real Chromium against the production build
// (`next start`) plus a real worker. `npm test` builds first and provides
// DATABASE_URL, REDIS_URL, AUTH_SECRET and QUEUE_PREFIX for a throwaway database, and finds (or installs) Chromium
// first, passing a system one as CHROMIUM_PATH (scripts/lib/browser.ts). Run alone, this config takes CHROMIUM_PATH,
// else Playwright's own browser when installed, else an installed Chromium or Chrome.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumForPlaywright(() => chromium.executablePath()),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `npx next start --port ${PORT} --hostname 127.0.0.1`,
      url: `${baseURL}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "node --import tsx worker/main.ts",
      wait: { stdout: /worker ready/ },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
