import { expect, test } from "@playwright/test";
import { createConfig } from "../lib/configs/mutations";
import { disconnectPrisma } from "../lib/db";
import { createDatasetFrom, createSampleDataset } from "../lib/factories/datasets";
import { heavyPenguinsCsv, PENGUIN_BASE_SPEC } from "../lib/factories/fine-tune";
import { submitRun } from "../lib/runs/mutations";
import { createUser, signInViaApi, snap } from "./fixtures";

/**
 * Fine-tuning through the UI: Bob builds on Alice's trained penguins model. Alice's run is seeded (trained by the
 * e2e worker); everything Bob does is clicks — the run page's "Fine-tune this model", the dataset, the editor with
 * the frozen base's layers, the run, and the credit on his run page, config page, lineage and comparison.
 */
test("fine-tune another member's penguins model onto a new dataset with a frozen base", async ({ page }) => {
  test.setTimeout(180_000);
  const [alice, bob] = [await createUser(), await createUser()];
  const seeded = await (async () => {
    try {
      const { version } = await createSampleDataset("penguins", alice);
      const { revision } = await createConfig({
        actor: alice,
        meta: { title: "Penguin MLP with batch norm", designedForVersionId: version.id },
        spec: { ...PENGUIN_BASE_SPEC, training: { ...PENGUIN_BASE_SPEC.training!, epochs: 8 } },
      });
      const run = await submitRun({ actor: alice, configRevisionId: revision.id, datasetVersionId: version.id });
      // Bob's new task on the same measurements: is the penguin heavy?
      const heavy = heavyPenguinsCsv();
      await createDatasetFrom(
        heavy,
        { taskType: "CLASSIFICATION", targetColumn: "heavy", fileName: "heavy.csv", title: "Heavy penguins" },
        bob,
      );
      return { runId: run.id };
    } finally {
      await disconnectPrisma();
    }
  })();

  await signInViaApi(page.context().request, bob);
  await page.goto(`/runs/${seeded.runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await page.getByTestId("fine-tune-link").click();

  // Step 1: the dataset (only tables are offered for a table's model).
  await expect(page.getByRole("heading", { name: "Fine-tune a trained model" })).toBeVisible();
  const heavy = await page.locator("option", { hasText: `${bob.handle}/heavy-penguins` }).getAttribute("value");
  await page.getByLabel("Dataset to fine-tune on").selectOption(heavy!);
  await snap(page, "fine-tune-start");
  await page.getByRole("button", { name: "Continue" }).click();

  // Step 2: the editor, with the base's layers (all frozen, its old head replaced) and a new head for two classes.
  const fields = page.getByTestId("fine-tune-fields");
  await expect(fields).toContainText(`@${alice.handle}`);
  const baseLayers = page.getByTestId("base-layers").getByRole("listitem");
  await expect(baseLayers).toHaveCount(3);
  await expect(baseLayers.first()).toContainText("frozen");
  await expect(page.getByRole("status")).toHaveText("The config is valid.");
  await snap(page, "fine-tune-editor");
  await page.getByRole("textbox", { name: "Title" }).fill("Heavy penguins from Alice's model");
  await page.getByRole("button", { name: "Create config" }).click();

  // The config credits the base run; Bob submits a run of it.
  await expect(page.getByTestId("fine-tuned-from")).toContainText(`@${alice.handle}`);
  await page.getByRole("button", { name: "Submit run" }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("fine-tuned-from")).toContainText(`@${alice.handle}`);
  await expect(page.getByTestId("metrics-table")).toContainText("Accuracy");
  await snap(page, "fine-tune-run");

  // From scratch vs fine-tuned, side by side.
  await page.getByTestId("compare-with-base").click();
  const origins = page.getByTestId("compare-origin");
  await expect(origins).toHaveText(["from scratch", "fine-tuned"]);
  await snap(page, "fine-tune-compare");

  // Alice's config's lineage lists the model built on it.
  await page.goto(`/runs/${seeded.runId}`);
  await page.getByRole("heading", { level: 1 }).getByRole("link").first().click();
  await page.getByTestId("fork-count").click();
  await expect(page.getByTestId("lineage-fine-tunes")).toContainText("Heavy penguins");
});
