import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { TEXT_SAMPLE } from "../lib/datasets/sample-text";
import { createDatasetFrom, SAMPLE_DIR } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";

/**
 * A text classifier from a template, through the UI: the shipped sample reviews (English and Chinese), the
 * bag-of-embeddings template built for its text column, a run trained by the e2e worker, and a sensible accuracy.
 */
test("train a text classifier on the sample reviews from the bag-of-embeddings template", async ({ page }) => {
  test.setTimeout(180_000);
  const carol = await createUser();
  const versionId = await (async () => {
    try {
      const { version } = await createDatasetFrom(
        readFileSync(path.join(SAMPLE_DIR, TEXT_SAMPLE.file)),
        {
          title: TEXT_SAMPLE.title,
          license: TEXT_SAMPLE.license,
          taskType: TEXT_SAMPLE.taskType,
          targetColumn: TEXT_SAMPLE.targetColumn,
          fileName: TEXT_SAMPLE.file,
        },
        carol,
      );
      return version.id;
    } finally {
      await disconnectPrisma();
    }
  })();
  await signInViaApi(page.context().request, carol);

  await page.goto("/configs/new");
  await page.locator('select[name="dataset"]').selectOption(versionId);
  const choices = page.getByTestId("template-choices");
  await expect(choices).toContainText("Bag of embeddings (text)");
  await choices.getByLabel(/Bag of embeddings \(text\)/).check();
  await snap(page, "text-template-picker");
  await page.getByRole("button", { name: "Start from this" }).click();

  // The editor shows the text preprocessing and the embedding's shape; the config is valid for this dataset.
  await expect(page.getByRole("status")).toHaveText("The config is valid.");
  await snap(page, "text-editor");
  await page.getByRole("textbox", { name: "Title" }).fill("Review sentiment, bag of embeddings");
  await page.getByRole("button", { name: "Create config" }).click();

  await page.getByRole("button", { name: "Submit run" }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 150_000 });
  await expect(page.getByTestId("metrics-table")).toContainText("Accuracy");
  await snap(page, "text-run");

  const runId = new URL(page.url()).pathname.split("/").pop()!;
  try {
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: runId } });
    const metrics = run.metrics as { testPublic: { accuracy: number }; validation: { accuracy: number } };
    // The sample is learnable but noisy (about 5% of its labels are wrong on purpose).
    expect(metrics.validation.accuracy).toBeGreaterThan(0.75);
    expect(metrics.testPublic.accuracy).toBeGreaterThan(0.7);
  } finally {
    await disconnectPrisma();
  }
});
