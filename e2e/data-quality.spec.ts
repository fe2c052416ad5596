import { expect, test } from "@playwright/test";
import { disconnectPrisma } from "../lib/db";
import { createDatasetFrom } from "../lib/factories/datasets";
import { createUser, snap } from "./fixtures";

/*
 * Data quality at upload (issue 17): a Titanic-like table with a few empty targets, a column that restates the
 * target, a constant column and a row number. The file is accepted; the dataset page says which rows were left out
 * and the profile names the suspicious columns with the setting that leaves them out.
 */

function titanicCsv(rows = 120) {
  const lines = ["PassengerId,pclass,sex,fare,ship,alive,survived"];
  for (let i = 1; i <= rows; i++) {
    const sex = i % 3 === 0 ? "female" : "male";
    const pclass = 1 + (i % 3);
    const survived = (i * 7919) % 10 < (sex === "female" ? 7 : 3) ? 1 : 0;
    // Rows 9, 14 and 30 lost their label: the file's lines 10, 15 and 31.
    const label = [9, 14, 30].includes(i) ? "" : String(survived);
    lines.push(
      `${i},${pclass},${sex},${(5 + ((i * 37) % 100)).toFixed(2)},Titanic,${survived ? "yes" : "no"},${label}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

test("a table with empty targets is accepted with a notice, and columns that give the answer away are named", async ({
  page,
}) => {
  const owner = await createUser();
  const { dataset } = await createDatasetFrom(
    titanicCsv(),
    { title: "Titanic with gaps", targetColumn: "survived", taskType: "CLASSIFICATION" },
    owner,
  ).finally(disconnectPrisma);
  const base = `/datasets/${owner.handle}/${dataset.slug}`;

  await page.goto(base);
  const notice = page.getByTestId("excluded-rows");
  await expect(notice).toContainText("3");
  await expect(notice).toContainText("survived");
  await expect(notice).toContainText("10");
  await expect(page.getByTestId("column-warnings-summary")).toBeVisible();
  await snap(page, "dataset-data-quality-overview");

  await page.getByTestId("column-warnings-summary").getByRole("link").click();
  const warnings = page.getByTestId("column-warnings");
  await expect(warnings.locator('[data-column="alive"][data-kind="leak"]')).toBeVisible();
  await expect(warnings.locator('[data-column="ship"][data-kind="constant"]')).toBeVisible();
  await expect(warnings.locator('[data-column="PassengerId"][data-kind="idLike"]')).toBeVisible();
  await expect(warnings.locator('[data-column="fare"]')).toHaveCount(0);
  await expect(warnings).toContainText("excludeColumns");
  await snap(page, "dataset-data-quality-profile");
});
