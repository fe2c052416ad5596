import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { forkConfig, reviseConfig } from "../lib/configs/mutations";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { createScoredRun, createTrainingRun } from "../lib/factories/runs";
import { TABLE, type TCase } from "./authz/table";
import { buildWorld, type TWorld } from "./authz/world";
import { signInViaApi, snap } from "./fixtures";

/*
 * What a new user notices first (issue 13): every page at 375 px without horizontal overflow, and the fixes found
 * on a phone and a laptop — header links, the fork diff, chart axes, the run page's first paint, Re-run, early
 * stopping marks, fork titles, one number format. The page list comes from the authorisation table (itself checked
 * against the app folder by e2e/authz/discover.ts), with the world it seeds, so a new page is visited here too.
 */

const MOBILE = 375;
let world: TWorld;
let extra: {
  earlyRunId: string;
  runningRunId: string;
  scoreRunId: string;
  diffPath: string;
  boardPath: string;
  forkTitle: string;
  parentTitle: string;
};

/** A run that early stopping ended after 20 of 50 epochs, its validation loss best at epoch 15. */
const earlyCurve = Array.from({ length: 20 }, (_, i) => ({
  trainLoss: 1 / (i + 2),
  valLoss: i < 15 ? 1 - i * 0.05 : 0.3 + (i - 14) * 0.01,
  valMetric: Math.min(0.95, 0.5 + i * 0.03),
}));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await buildWorld();
  try {
    const s = world.subjects.PUBLIC.revealed;
    const owner = { id: world.owner.id, handle: world.owner.handle, name: null, email: world.owner.email };
    const other = { id: world.other.id, handle: world.other.handle, name: null, email: world.other.email };
    const base = {
      userId: owner.id,
      configId: s.config.id,
      configRevisionId: s.config.revisionId,
      datasetVersionId: s.dataset.versionId,
    };
    const early = await createScoredRun({ ...base, publicScores: { accuracy: 0.61 }, epochs: earlyCurve });
    await getPrisma().run.update({ where: { id: early.id }, data: { epochsTotal: 50 } });
    const running = await createTrainingRun({ ...base, epochsTotal: 50, epochs: 3 });
    // A RUNNING row with no job: the worker's reconciler re-enqueues such runs once they are a few minutes old, and
    // this suite's pages take longer than that on a slow machine. Queued "later" keeps it a mid-training snapshot.
    await getPrisma().run.update({ where: { id: running.id }, data: { queuedAt: new Date(Date.now() + 3_600_000) } });
    const scored = await createScoredRun({ ...base, userId: other.id, publicScores: { accuracy: 0.87654 } });
    // Metrics shaped like the worker's, so the run page shows its classification table.
    const part = {
      n: 10,
      accuracy: 0.87654,
      f1Macro: 0.5,
      precisionMacro: 0.5,
      recallMacro: 0.5,
      rocAuc: 0.5,
      logLoss: 0.5,
      confusion: [
        [3, 2],
        [2, 3],
      ],
      perClass: [],
      roc: null,
    };
    await getPrisma().run.update({
      where: { id: scored.id },
      data: { metrics: { testPublic: part, testPrivate: part, validation: null } },
    });
    // Another user forks the config (default title) and changes a value: the diff against the parent has one row.
    const fork = await forkConfig({ actor: other, configId: s.config.id });
    const spec = structuredClone(world.specTemplate) as { training: { optimizer: { learningRate: number } } };
    spec.training.optimizer.learningRate = 0.000123456789;
    await reviseConfig({ actor: other, configId: fork.config.id, spec, message: "smaller steps" });
    extra = {
      earlyRunId: early.id,
      runningRunId: running.id,
      scoreRunId: scored.id,
      diffPath: `/configs/${other.handle}/${fork.config.slug}/diff?parent=1`,
      boardPath: `/leaderboards/${owner.handle}/${s.dataset.slug}`,
      forkTitle: fork.config.title,
      parentTitle: s.config.title,
    };
  } finally {
    await disconnectPrisma();
  }
});

async function signIn(page: Page) {
  await signInViaApi(page.context().request, world.owner);
}

/** Loaded, hydrated and laid out: charts draw in effects, so wait two frames after the load event. */
async function settle(page: Page) {
  await page.waitForLoadState("load");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Every page the authorisation table names, as the owner and as an anonymous visitor, where they answer 200. */
function pagePaths(): { role: "owner" | "anonymous"; path: string }[] {
  const out = new Map<string, { role: "owner" | "anonymous"; path: string }>();
  for (const [key, entry] of Object.entries(TABLE)) {
    if (!key.startsWith("page ") || entry.kind !== "http") continue;
    for (const role of ["owner", "anonymous"] as const) {
      const c: TCase = {
        role,
        vis: "PUBLIC",
        half: "revealed",
        world,
        s: world.subjects.PUBLIC.revealed,
        actorId: role === "owner" ? world.owner.id : null,
      };
      for (const check of entry.checks(c)) {
        if (check.expect === "ok" && (check.method ?? "GET") === "GET" && !out.has(check.path))
          out.set(check.path, { role, path: check.path });
      }
    }
  }
  for (const path of [`/runs/${extra.earlyRunId}`, `/runs/${extra.runningRunId}`, extra.diffPath, extra.boardPath])
    out.set(path, { role: "owner", path });
  return [...out.values()];
}

const fileName = (path: string) =>
  path
    .replace(/^\//, "")
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80) || "home";

// In both interface languages: Chinese labels are narrower but do not break between words, so they fail differently.
for (const locale of ["en-US", "zh-CN"])
  test(`no page overflows horizontally at 375 px (${locale})`, async ({ browser, baseURL }) => {
    test.setTimeout(600_000);
    mkdirSync("e2e/screenshots/overflow", { recursive: true });
    const contexts = {
      owner: await browser.newContext({ baseURL, locale, viewport: { width: MOBILE, height: 800 } }),
      anonymous: await browser.newContext({ baseURL, locale, viewport: { width: MOBILE, height: 800 } }),
    };
    await signInViaApi(contexts.owner.request, world.owner);
    const pages = { owner: await contexts.owner.newPage(), anonymous: await contexts.anonymous.newPage() };
    const overflowing: string[] = [];
    const visited = pagePaths();
    for (const { role, path } of visited) {
      const page = pages[role];
      const response = await page.goto(path);
      expect(response?.status(), `${role} ${path}`).toBe(200);
      await settle(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await expect(page.locator("html")).toHaveAttribute("lang", locale === "zh-CN" ? "zh-CN" : "en");
      await page.screenshot({
        path: `e2e/screenshots/overflow/${locale === "zh-CN" ? "zh-" : ""}${fileName(path)}-${MOBILE}.png`,
        fullPage: true,
      });
      if (width > MOBILE) overflowing.push(`${path} (${role}): ${width} px`);
    }
    expect(visited.length).toBeGreaterThan(15);
    expect(overflowing, "pages wider than the phone (tables may scroll inside their own overflow-x-auto box)").toEqual(
      [],
    );
    for (const c of Object.values(contexts)) await c.close();
  });

test("the header shows every section link on a phone, none cut off", async ({ page }) => {
  await page.setViewportSize({ width: MOBILE, height: 800 });
  await page.goto("/discussions");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  for (const name of ["Datasets", "Configs", "Runs", "Leaderboards", "Discussions"]) {
    const box = await nav.getByRole("link", { name, exact: true }).boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.x, name).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, name).toBeLessThanOrEqual(MOBILE);
  }
  await snap(page, "header-nav");
});

test("the fork diff shows the changed value on a phone", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize({ width: MOBILE, height: 800 });
  await page.goto(extra.diffPath);
  const after = page.getByTestId("diff-after");
  await expect(after).toHaveCount(1);
  await expect(after).toContainText("0.000123456789");
  const box = (await after.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(MOBILE);
  await snap(page, "config-diff-parent");
});

test("a fork gets a title of its own, so the compare view tells the two configs apart", async () => {
  expect(extra.forkTitle).toBe(`${extra.parentTitle} (fork by @${world.other.handle})`);
});

test("the run page renders its recorded epochs from the server and marks early stopping", async ({ page, request }) => {
  // The HTML itself, before any script or stream: no "Epoch 0 of 50 · No epochs recorded".
  const html = await (await request.get(`/runs/${extra.earlyRunId}`)).text();
  // (The phrase itself travels in the page's message catalogue, so look for it as rendered text only.)
  expect(html).toContain(`<span data-testid="run-progress-label">Epoch 20 of 50</span>`);
  expect(html).not.toContain(">No epochs recorded.<");
  expect(html).toContain(`data-testid="run-log"`);
  const running = await (await request.get(`/runs/${extra.runningRunId}`)).text();
  expect(running).toContain(`<span data-testid="run-progress-label">Epoch 3 of 50</span>`);

  await page.goto(`/runs/${extra.earlyRunId}`);
  await expect(page.getByTestId("run-early-stop")).toHaveText(
    "Early stopping ended training after epoch 20 of 50 · The model keeps the weights of epoch 15, its best on validation",
  );
  for (const chart of ["Loss per epoch", "Metric per epoch"]) {
    const svg = page.getByRole("img", { name: chart }).locator("svg");
    await expect(svg.locator("text", { hasText: /^best$/ })).toHaveCount(1);
    await expect(svg.locator("text", { hasText: /^stopped$/ })).toHaveCount(1);
    // Whole-number epoch ticks, none run together ("2021").
    const ticks = (await svg.locator("text").allTextContents()).filter((t) => /^\d+$/.test(t)).map(Number);
    expect(
      ticks.every((n) => n <= 20),
      ticks.join(","),
    ).toBe(true);
  }
  // Accuracy stays on an axis inside [0, 1].
  const metricText = page.getByRole("img", { name: "Metric per epoch" }).locator("svg text");
  await expect
    .poll(async () => (await metricText.allTextContents()).filter((t) => /^-?\d*\.\d+$/.test(t)).length)
    .toBeGreaterThan(0);
  const metricLabels = (await metricText.allTextContents()).filter((t) => /^-?\d*\.\d+$/.test(t)).map(Number);
  expect(Math.max(...metricLabels)).toBeLessThanOrEqual(1);
  await snap(page, "run-early-stopped");
});

test("Re-run is offered only for a finished run", async ({ page }) => {
  await signIn(page);
  await page.goto(`/runs/${extra.runningRunId}`);
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Re-run" })).toHaveCount(0);
  await snap(page, "run-running");
  await page.goto(`/runs/${extra.earlyRunId}`);
  await expect(page.getByRole("button", { name: "Re-run" })).toBeVisible();
});

test("a score reads the same on the board, the run page and the runs list; the history axis stays inside [0, 1]", async ({
  page,
}) => {
  await signIn(page);
  await page.goto(extra.boardPath);
  await expect(page.getByTestId("board-row").filter({ hasText: `@${world.other.handle}` })).toContainText("0.8765");
  // The chart draws after hydration: wait for its axis labels, then read them.
  const labels = page.getByRole("img", { name: "Best score over time" }).locator("svg text");
  const decimals = async () => (await labels.allTextContents()).filter((t) => /^-?\d*\.\d+$/.test(t)).map(Number);
  await expect.poll(async () => (await decimals()).length).toBeGreaterThan(0);
  expect(Math.max(...(await decimals()))).toBeLessThanOrEqual(1);
  await snap(page, "board-history");
  await page.goto(`/runs/${extra.scoreRunId}`);
  await expect(page.getByTestId("metrics-table")).toContainText("0.8765");
  await page.goto(`/runs?user=${world.other.handle}`);
  await expect(page.locator("body")).toContainText("acc 0.8765");
});
