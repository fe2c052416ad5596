import { expect, test } from "@playwright/test";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";

test("submit iris + MLP, watch progress and curves move, see metrics, the confusion matrix and a downloadable model", async ({ page }) => {
  const alice = await createUser();
  const spec = structuredClone(templateSpec("mlp", 3));
  spec.training.epochs = 60;
  spec.training.batchSize = 8;
  spec.training.earlyStopping = { enabled: false };
  const { configUrl } = await (async () => {
    try {
      const { version } = await createSampleDataset("iris", alice);
      const { config, ownerHandle } = await createConfig({ actor: alice, meta: { title: "Iris MLP", designedForVersionId: version.id }, spec });
      return { configUrl: `/configs/${ownerHandle}/${config.slug}` };
    } finally {
      await disconnectPrisma();
    }
  })();
  await signInViaApi(page.context().request, alice);

  await page.goto(configUrl);
  await page.getByRole("button", { name: "Submit run" }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);

  // Live: the progress label moves past epoch 0 before the run ends, and the loss chart draws.
  await expect(page.getByTestId("run-progress-label")).toHaveText(/Epoch ([1-9]\d*) of 60/, { timeout: 30_000 });
  await expect(page.getByRole("img", { name: "Loss per epoch" })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("run-progress-label")).toHaveText("Epoch 60 of 60");

  const metrics = page.getByTestId("metrics-table");
  await expect(metrics).toContainText("Accuracy");
  await expect(metrics).toContainText("Test (private)");
  await expect(page.getByTestId("confusion-matrix")).toContainText("setosa");
  await expect(page.getByTestId("run-log")).toContainText("epoch  60");
  await snap(page, "run-succeeded");

  const modelUrl = await page.getByRole("link", { name: "model.json" }).getAttribute("href");
  const model = await page.context().request.get(modelUrl!);
  expect(model.status()).toBe(200);
  expect(await model.json()).toMatchObject({ format: "layers-model" });
  expect((await page.context().request.get(modelUrl!.replace("model.json", "weights.bin"))).status()).toBe(200);

  // A reload after the end shows the same result (state comes from the database, not the stream).
  await page.reload();
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  await page.goto("/runs");
  await expect(page.getByTestId("runs-table")).toContainText("Iris MLP");
  await snap(page, "runs-list");
});
