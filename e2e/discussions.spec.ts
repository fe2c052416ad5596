import { expect, test, type Page } from "@playwright/test";
import { createConfig, forkConfig, reviseConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { submitRun } from "../lib/runs/mutations";
import { createUser, signInViaApi, snap } from "./fixtures";

/*
 * Issue 15's story, end to end with the real worker: Alice's run underperforms; she asks on the run page; Bob sees
 * the run's context beside the question, forks the config, runs his fork, and answers with code, a formula and a
 * `run:` reference linking his run; the answer shows the measured improvement; Alice accepts it and it is badged
 * verified fix.
 */

async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

/** Waits for a run to finish on the real worker (polling its stored status). */
async function waitForRun(runId: string, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const run = await seeded(() =>
      getPrisma().run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } }),
    );
    if (run.status === "SUCCEEDED") return;
    if (run.status === "FAILED" || run.status === "CANCELED") throw new Error(`run ${runId} ${run.status}`);
    if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function signedInPage(
  browser: import("@playwright/test").Browser,
  user: { email: string | null; password: string },
) {
  const context = await browser.newContext();
  await signInViaApi(context.request, user);
  return context.newPage();
}

test("a question on an underperforming run gets an answer that is a measured, verified fix", async ({ browser }) => {
  test.setTimeout(300_000);
  const alice = await createUser();
  const bob = await createUser();

  // Alice's run: an MLP on iris that barely trains (tiny learning rate, two epochs).
  const weak = structuredClone(templateSpec("mlp", 3));
  weak.training.epochs = 2;
  weak.training.batchSize = 16;
  weak.training.optimizer = { type: "adam", learningRate: 0.00001 };
  weak.training.earlyStopping = { enabled: false };
  const { askerRun, config } = await seeded(async () => {
    const { version } = await createSampleDataset("iris", alice);
    const created = await createConfig({
      actor: alice,
      meta: { title: "Iris MLP that underfits", designedForVersionId: version.id },
      spec: weak,
    });
    const revision = await getPrisma().configRevision.findFirstOrThrow({
      where: { configId: created.config.id },
      orderBy: { number: "desc" },
    });
    const run = await submitRun({
      actor: alice,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
      seed: 7,
    });
    return { askerRun: run, config: created.config, versionId: version.id };
  });
  await waitForRun(askerRun.id);

  // Alice asks from the run page.
  const a = await signedInPage(browser, alice);
  await a.goto(`/runs/${askerRun.id}`);
  await a.locator(`a[href^="/discussions/new?kind=QUESTION&run=${askerRun.id}"]`).first().click();
  await expect(a).toHaveURL(/\/discussions\/new\?/);
  await expect(a.getByTestId("new-thread-subject")).toContainText("Iris MLP that underfits");
  await a.getByLabel("Title").fill("Why does my iris MLP stay near chance accuracy?");
  await a
    .getByRole("textbox", { name: /Details/ })
    .fill("It trains for two epochs and the test accuracy is poor. What should I change?");
  await a.getByLabel(/Tags/).fill("iris, underfitting");
  await a.getByRole("button", { name: "Post question" }).click();
  await expect(a).toHaveURL(/\/discussions\/[a-z0-9]+$/);
  const threadUrl = new URL(a.url()).pathname;
  await expect(a.getByTestId("thread-title")).toHaveText("Why does my iris MLP stay near chance accuracy?");

  // Bob sees the run's context beside the question without leaving the page.
  const b = await signedInPage(browser, bob);
  await b.goto(threadUrl);
  const context = b.getByTestId("run-context");
  await expect(context).toContainText("Iris MLP that underfits");
  await expect(context).toContainText(/Succeeded/i);
  await expect(context).toContainText(/0\.00001|1e-5/);
  await expect(context).not.toContainText(/private/i);

  // Bob forks the config, gives it a sensible learning rate and more epochs, and runs it on the same version.
  const fixRun = await seeded(async () => {
    const bobUser = bob;
    const fork = await forkConfig({ actor: bobUser, configId: config.id, revisionNumber: 1 });
    const strong = structuredClone(weak);
    strong.training.epochs = 40;
    strong.training.batchSize = 8;
    strong.training.optimizer = { type: "adam", learningRate: 0.02 };
    await reviseConfig({ actor: bobUser, configId: fork.config.id, spec: strong, message: "lr 0.02, 40 epochs" });
    const revision = await getPrisma().configRevision.findFirstOrThrow({
      where: { configId: fork.config.id },
      orderBy: { number: "desc" },
    });
    const version = await getPrisma().run.findUniqueOrThrow({
      where: { id: askerRun.id },
      select: { datasetVersionId: true },
    });
    return submitRun({
      actor: bobUser,
      configRevisionId: revision.id,
      datasetVersionId: version.datasetVersionId,
      seed: 7,
    });
  });
  await waitForRun(fixRun.id);

  // Bob answers with code, a formula and a run: reference, linking his run as the experiment.
  const answer = [
    "The learning rate is far too small to move the weights in two epochs. Use Adam with a larger rate:",
    "",
    "```json",
    '{ "optimizer": { "type": "adam", "learningRate": 0.02 }, "epochs": 40 }',
    "```",
    "",
    "Adam's step is roughly $\\Delta w \\approx \\eta \\cdot \\hat m / \\sqrt{\\hat v}$, so with $\\eta = 10^{-5}$ nothing moves.",
    "",
    `Measured: run:${fixRun.id}`,
  ].join("\n");
  const form = b.getByTestId("answer-form");
  await form.getByRole("textbox", { name: "Answer" }).fill(answer);
  await form.getByPlaceholder(/run id/i).fill(fixRun.id);
  await form.getByTestId("preview-tab").click();
  await expect(form.getByTestId("post-preview").locator(".katex").first()).toBeVisible();
  await form.getByRole("tab", { name: "Write" }).click();
  await form.getByRole("button", { name: "Post answer" }).click();

  const posted = b.getByTestId("post-answer").first();
  await expect(posted.locator("pre code")).toContainText("learningRate");
  await expect(posted.locator(".katex").first()).toBeVisible();
  await expect(posted.getByTestId("experiment")).toContainText(fixRun.id);
  // The measured change: accuracy before → after, improved.
  await expect(posted.getByTestId("measured-headline")).toContainText("→");
  await expect(posted.getByTestId("measured-headline")).toHaveAttribute("data-verdict", "better");

  // Alice accepts; the accepted answer whose run beats hers is a verified fix.
  await a.reload();
  await a.getByTestId("accept").click();
  await expect(a.getByTestId("accepted")).toBeVisible();
  await expect(a.getByTestId("verified-fix")).toBeVisible();
  await snapThread(a, "discussion-thread-verified");

  // Everyone else sees the same, signed out too, and the thread is listed as answered.
  const visitor = await browser.newPage();
  await visitor.goto(threadUrl);
  await expect(visitor.getByTestId("verified-fix")).toBeVisible();
  await expect(visitor.getByTestId("run-context")).toBeVisible();
  await visitor.goto("/discussions?q=iris");
  await expect(visitor.getByText("Why does my iris MLP stay near chance accuracy?")).toBeVisible();
});

async function snapThread(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await snap(page, name);
}

test("a failed run offers “Ask about this run”, and the question starts from its error", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await createUser();
  // Diverges whatever the seed (worker/training.test.ts): the run fails with runErrors.nanLoss.
  const spec = structuredClone(templateSpec("linearRegression", 1));
  spec.training.epochs = 30;
  spec.training.optimizer = { type: "sgd", learningRate: 10 };
  spec.preprocessing = { ...spec.preprocessing, numericScaling: "none" };
  const run = await seeded(async () => {
    const { version } = await createSampleDataset("mpg", alice);
    const { config } = await createConfig({
      actor: alice,
      meta: { title: "MPG regression that diverges", designedForVersionId: version.id },
      spec,
    });
    const revision = await getPrisma().configRevision.findFirstOrThrow({ where: { configId: config.id } });
    return submitRun({ actor: alice, configRevisionId: revision.id, datasetVersionId: version.id });
  });
  await expect
    .poll(() => seeded(() => getPrisma().run.findUniqueOrThrow({ where: { id: run.id } })).then((r) => r.status), {
      timeout: 120_000,
    })
    .toBe("FAILED");

  const page = await signedInPage(browser, alice);
  await page.goto(`/runs/${run.id}`);
  await page.getByRole("link", { name: "Ask about this run" }).click();
  await expect(page).toHaveURL(new RegExp(`/discussions/new\\?kind=QUESTION&run=${run.id}`));
  await expect(page.getByLabel("Title")).toHaveValue("Why did my run of MPG regression that diverges r1 fail?");
  const body = page.getByRole("textbox", { name: /Details/ });
  await expect(body).toHaveValue(/The run failed with this message:\n\n> .*NaN/i);
  await snap(page, "discussion-new-from-failed-run");

  // The draft survives a reload (kept in the browser), then the question is posted and shows the run's failure.
  await body.fill("My run failed with NaN loss after the first epoch. What is wrong?");
  await page.reload();
  await expect(page.getByRole("textbox", { name: /Details/ })).toHaveValue(
    "My run failed with NaN loss after the first epoch. What is wrong?",
  );
  await page.getByRole("button", { name: "Post question" }).click();
  await expect(page).toHaveURL(/\/discussions\/[a-z0-9]+$/);
  await expect(page.getByTestId("run-context-error")).toBeVisible();
  await snap(page, "discussion-question-failed-run");

  // The index lists it, with its kind, under "unanswered".
  await page.goto("/discussions?unanswered=1&sort=new");
  await expect(page.getByText("Why did my run of MPG regression that diverges r1 fail?")).toBeVisible();
  await snap(page, "discussions-index");
});
