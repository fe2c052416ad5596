import { expect, test, type Page } from "@playwright/test";
import { createConfig, forkConfig, reviseConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { createConfigFrom } from "../lib/factories/configs";
import { createSampleDataset } from "../lib/factories/datasets";
import { classificationPart, createScoredRun } from "../lib/factories/runs";
import { createCompetition } from "../lib/leaderboards/competitions";
import { submitRun } from "../lib/runs/mutations";
import { createUser, signInViaApi, snap } from "./fixtures";

async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

/**
 * The expected order of a board, computed independently from the runs' stored metrics:
 * each user's best public run (earlier submission on ties), ranked by the chosen half's score.
 * With one final submission and none picked, the private board ranks that same run by its private score.
 */
async function expectedOrder(
  versionId: string,
  metric: string,
  direction: "max" | "min",
  half: "testPublic" | "testPrivate" = "testPublic",
) {
  return seeded(async () => {
    const runs = await getPrisma().run.findMany({
      where: { datasetVersionId: versionId, status: "SUCCEEDED" },
      include: { user: true },
    });
    const value = (r: (typeof runs)[number], h: string) =>
      (r.metrics as Record<string, Record<string, number>>)[h]![metric]!;
    const best = new Map<string, (typeof runs)[number]>();
    for (const r of runs) {
      const prev = best.get(r.userId);
      const [score, before] = [value(r, "testPublic"), prev ? value(prev, "testPublic") : 0];
      if (
        !prev ||
        (direction === "max" ? score > before : score < before) ||
        (score === before && r.queuedAt < prev.queuedAt)
      )
        best.set(r.userId, r);
    }
    return [...best.values()]
      .sort(
        (a, b) =>
          (direction === "max" ? value(b, half) - value(a, half) : value(a, half) - value(b, half)) ||
          a.queuedAt.getTime() - b.queuedAt.getTime(),
      )
      .map((r) => `@${r.user.handle}`);
  });
}

async function boardHandles(page: Page) {
  return page.getByTestId("board-row").locator("td:nth-child(3) a").allTextContents();
}

test("two users compete on penguins: ranked both ways, limited, revealed at the end, compared side by side", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const owner = await createUser();
  const alice = await createUser();
  const bob = await createUser();
  const spec = structuredClone(templateSpec("mlp", 3));
  spec.training.epochs = 8;
  spec.training.earlyStopping = { enabled: false };
  const seed = await seeded(async () => {
    const { dataset, version } = await createSampleDataset("penguins", owner);
    const a = await createConfig({
      actor: alice,
      meta: { title: "Penguin MLP", designedForVersionId: version.id },
      spec,
    });
    // Bob forks Alice's config and changes the learning rate and width: a fork with a config diff.
    const fork = await forkConfig({ actor: bob, configId: a.config.id, title: "Faster penguins" });
    const changed = structuredClone(spec);
    changed.training.optimizer.learningRate = 0.01;
    (changed.model.layers[0] as { units: number }).units = 32;
    const b = await reviseConfig({ actor: bob, configId: fork.config.id, spec: changed, message: "lr 0.01, 32 units" });
    const now = Date.now();
    await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      input: {
        title: "Penguin cup",
        metric: "accuracy",
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        dailyLimit: "2",
        totalLimit: "5",
        finalLimit: "1",
      },
    });
    for (const s of [1, 2])
      await submitRun({ actor: bob, configRevisionId: b.id, datasetVersionId: version.id, seed: s });
    return { dataset, version, aliceConfig: `/configs/${a.ownerHandle}/${a.config.slug}` };
  });
  const board = `/leaderboards/${owner.handle}/${seed.dataset.slug}`;

  // Alice submits through the UI: two runs fit the daily limit, the third is refused with a clear message.
  await signInViaApi(page.context().request, alice);
  for (const s of ["11", "12"]) {
    await page.goto(seed.aliceConfig);
    await page.getByLabel("Seed").fill(s);
    await page.getByRole("button", { name: "Submit run" }).click();
    await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  }
  await page.goto(seed.aliceConfig);
  await page.getByRole("button", { name: "Submit run" }).click();
  await expect(page.getByText("You have used today's 2 submissions in this competition")).toBeVisible();

  // All four runs train on the real worker; the board fills as they finish.
  await expect
    .poll(
      async () =>
        seeded(() => getPrisma().run.count({ where: { datasetVersionId: seed.version.id, status: "SUCCEEDED" } })),
      { timeout: 180_000, intervals: [1_000] },
    )
    .toBe(4);

  await page.goto(board);
  await expect(page.getByTestId("competition")).toContainText("Penguin cup");
  await expect(page.getByTestId("submissions-left")).toContainText("0 submissions left today");
  await expect(page.getByText("Private scores are hidden until the competition ends.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Private test" })).toHaveCount(0);
  expect(await boardHandles(page)).toEqual(await expectedOrder(seed.version.id, "accuracy", "max"));
  await expect(page.getByTestId("board-row").filter({ hasText: `@${bob.handle}` })).toContainText(
    `fork of @${alice.handle}/`,
  );
  // Trained runs carry bootstrap intervals from evaluation to the board.
  await expect(page.getByTestId("score-interval").first()).toHaveAttribute("title", /^95 % CI \d/);
  await snap(page, "leaderboard");

  // Lower is better: log loss ranks ascending.
  await page.getByRole("link", { name: /^Log loss/ }).click();
  await expect(page).toHaveURL(/metric=logLoss/);
  expect(await boardHandles(page)).toEqual(await expectedOrder(seed.version.id, "logLoss", "min"));

  // All runs: four rows.
  await page.getByRole("link", { name: "All runs" }).click();
  await expect(page.getByTestId("board-row")).toHaveCount(4);

  // The deadline passes: the private board shows, with the rank shift.
  await seeded(() =>
    getPrisma().competition.update({
      where: { datasetVersionId: seed.version.id },
      data: { endsAt: new Date(Date.now() - 1_000) },
    }),
  );
  await page.goto(board);
  await expect(page.getByTestId("competition")).toContainText("Ended");
  await page.getByRole("link", { name: "Private test" }).click();
  await expect(page.getByRole("columnheader", { name: "Shift" })).toBeVisible();
  expect(await boardHandles(page)).toEqual(await expectedOrder(seed.version.id, "accuracy", "max", "testPrivate"));
  await expect(page.getByTestId("shift").first()).toHaveText(/up|down|no change/);
  await snap(page, "leaderboard-private");

  // Compare two runs picked from the board: metrics with the best marked, curves, the config diff.
  await page.goto(`${board}?view=all`);
  const boxes = page.getByTestId("board-row").getByRole("checkbox");
  await boxes.nth(0).check();
  await boxes.nth(3).check();
  await page.getByRole("button", { name: "Compare selected" }).click();
  await expect(page).toHaveURL(/\/compare\?run=.+&run=/);
  await expect(page.getByTestId("compare-metrics")).toContainText("Accuracy");
  await expect(page.locator("[data-best]").first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Validation loss" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Validation loss" }).locator("path").first()).toBeAttached();
  const diff = page.getByTestId("compare-diff");
  await expect(diff).toContainText("training.optimizer.learningRate");
  await expect(diff).toContainText("model.layers[0].units");
  await expect(diff).not.toContainText("training.batchSize");
  await page.getByRole("link", { name: "Show all fields" }).click();
  await expect(page.getByTestId("compare-diff")).toContainText("training.batchSize");
  await snap(page, "compare");

  await page.goto("/leaderboards");
  await expect(page.getByTestId("competitions")).toContainText("Penguin cup");
  await expect(page.getByTestId("boards")).toContainText(seed.dataset.title);
  await snap(page, "leaderboards");
});

test("scores show their 95 % intervals; entries indistinguishable from the leader are marked", async ({ page }) => {
  const owner = await createUser();
  const alice = await createUser();
  const bob = await createUser();
  const carol = await createUser();
  const seed = await seeded(async () => {
    const { dataset, version } = await createSampleDataset("iris", owner);
    const runs: string[] = [];
    const entries: [typeof alice, number, [number, number]][] = [
      [alice, 0.9, [0.84, 0.95]],
      [bob, 0.86, [0.8, 0.91]],
      [carol, 0.7, [0.62, 0.78]],
    ];
    for (const [user, accuracy, ci] of entries) {
      const { config, revision } = await createConfigFrom("logisticRegression", {}, user);
      const run = await createScoredRun({
        userId: user.id,
        configId: config.id,
        configRevisionId: revision.id,
        datasetVersionId: version.id,
        publicScores: { accuracy },
        publicIntervals: { accuracy: ci },
      });
      runs.push(run.id);
    }
    // Worker-shaped metrics for the leader's run page: a 10-row half, with its interval.
    await getPrisma().run.update({
      where: { id: runs[0] },
      data: {
        metrics: {
          testPublic: { ...classificationPart(0.9), ci: { accuracy: [0.84, 0.95], f1Macro: [0.3, 0.5] } },
          testPrivate: null,
          validation: null,
        },
      },
    });
    return { dataset, leaderRun: runs[0]! };
  });

  await page.goto(`/leaderboards/${owner.handle}/${seed.dataset.slug}`);
  const rows = page.getByTestId("board-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText(`@${bob.handle}`);
  await expect(page.getByTestId("near-leader")).toHaveCount(1);
  await expect(rows.nth(1).getByTestId("near-leader")).toHaveText("≈ leader");
  const score = rows.nth(1).getByTestId("score-interval");
  await expect(score).toHaveAttribute("title", "95 % CI 0.8–0.91");
  // Keyboard focus shows the interval beside the score, not only the hover title.
  await score.focus();
  await expect(score.getByText("95 % CI 0.8–0.91")).toBeVisible();
  await expect(page.getByTestId("interval-legend")).toContainText("conservative heuristic");
  await snap(page, "leaderboard-intervals");

  await page.goto(`/runs/${seed.leaderRun}`);
  const table = page.getByTestId("metrics-table");
  await expect(table.getByTestId("metric-interval").first()).toHaveText("0.84–0.95");
  await expect(table.locator("[title='95 % CI 0.84–0.95, n = 10']")).toHaveCount(1);
  await expect(page.getByTestId("few-rows-note")).toContainText("Few rows (n = 10)");
  await snap(page, "run-intervals");
});

test("an owner opens a competition from an empty board; bad input is refused with specific messages", async ({
  page,
}) => {
  const owner = await createUser();
  const { dataset } = await seeded(() => createSampleDataset("iris", owner));
  await signInViaApi(page.context().request, owner);
  await page.goto(`/leaderboards/${owner.handle}/${dataset.slug}`);
  await expect(page.getByText("No scored runs on this board yet")).toBeVisible();
  await snap(page, "leaderboard-empty");
  await page.getByRole("link", { name: "Open a competition" }).click();
  await page.getByLabel("Submissions per day").fill("0");
  await page.getByLabel("Ends (UTC)").fill("2020-01-01T00:00");
  await page.getByRole("button", { name: "Open competition" }).click();
  await expect(page.getByText("Allow at least 1 submission a day.")).toBeVisible();
  await expect(page.getByText("The end must be after the start.")).toBeVisible();
  await snap(page, "competition-form-errors");
  await page.getByLabel("Submissions per day").fill("3");
  await page.getByLabel("Ends (UTC)").fill("2099-01-01T00:00");
  await page.getByRole("button", { name: "Open competition" }).click();
  await expect(page).toHaveURL(new RegExp(`/leaderboards/${owner.handle}/${dataset.slug}$`));
  await expect(page.getByTestId("competition")).toContainText("3 submissions a day");
});

test("signed-out visitors get boards from the page cache until the board changes; signed-in ones always render fresh", async ({
  page,
  playwright,
  baseURL,
}) => {
  const owner = await createUser();
  const { dataset, version } = await seeded(() => createSampleDataset("iris", owner));
  const url = `/leaderboards/${owner.handle}/${dataset.slug}`;
  const anonymous = await playwright.request.newContext({ baseURL });
  // The first request renders and fills the cache; the next is served from it, byte for byte.
  const first = await anonymous.get(url);
  expect(first.status()).toBe(200);
  expect(first.headers()["x-trainyard-cache"]).toBe("MISS");
  const second = await anonymous.get(url);
  expect(second.headers()["x-trainyard-cache"]).toBe("HIT");
  expect(await second.text()).toBe(await first.text());
  expect(await second.text()).not.toContain("0.8765");
  // A result lands on the board: once the database's notification reaches the server
  // (milliseconds; no time-to-live to wait out) the board renders again, and visitors get the
  // previous copy, marked STALE, only until that render is done.
  await seeded(async () => {
    const player = await createUser();
    const { config, revision } = await createConfigFrom(
      "logisticRegression",
      { designedForVersionId: version.id },
      player,
    );
    await createScoredRun({
      userId: player.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.8765 },
    });
  });
  let afterResult = second;
  const states = new Set<string>();
  await expect
    .poll(
      async () => {
        afterResult = await anonymous.get(url);
        states.add(afterResult.headers()["x-trainyard-cache"]!);
        return afterResult.text();
      },
      { timeout: 2_000, intervals: [20] },
    )
    .toContain("0.8765");
  expect(afterResult.headers()["x-trainyard-cache"]).toBe("HIT");
  // Only this test asks for this board, so its first request after the change started the render.
  expect([...states].sort()).toEqual(["HIT", "STALE"]);
  expect((await anonymous.get(url)).headers()["x-trainyard-cache"]).toBe("HIT");
  // Client-side navigation (RSC) is never served from it.
  expect((await anonymous.get(url, { headers: { rsc: "1" } })).headers()["x-trainyard-cache"]).toBeUndefined();
  const signedIn = await playwright.request.newContext({ baseURL });
  await signInViaApi(signedIn, owner);
  const mine = await signedIn.get(url);
  expect(mine.headers()["x-trainyard-cache"]).toBeUndefined();
  expect(await mine.text()).toContain("Open a competition");
  await anonymous.dispose();
  await signedIn.dispose();

  // A signed-out browser still navigates client-side between cached boards.
  await page.goto(url);
  await page.getByRole("link", { name: /^Log loss/ }).click();
  await expect(page).toHaveURL(/metric=logLoss/);
  await expect(page.getByRole("link", { name: /^Log loss/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Log loss ↓ (lower is better)")).toBeVisible();
});
