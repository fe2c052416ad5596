import { expect, test } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { uniqueSuffix } from "../lib/factories/users";
import { imageZip, solidPng } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";

const PENGUINS = path.resolve("prisma/seed-data/penguins.csv");

test("a user uploads penguins, sees schema, missing values, histograms, class balance and split, then a second version", async ({
  page,
}) => {
  const user = await createUser();
  await signInViaApi(page.context().request, user);
  const title = `Penguins ${uniqueSuffix()}`;

  await page.goto("/datasets/new");
  await snap(page, "dataset-new");
  await page.getByLabel("File", { exact: true }).setInputFiles(PENGUINS);
  await expect(page.getByLabel("Column to predict")).toHaveValue("species");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Palmer penguins.\n\n- **three** species\n- some missing values");
  await page.getByLabel("Tags").fill("biology, e2e");
  await page.getByRole("button", { name: "Upload and check" }).click();

  await expect(page).toHaveURL(new RegExp(`/datasets/${user.handle}/penguins-`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const split = page.getByTestId("split");
  await expect(split).toContainText("Train");
  await expect(split).toContainText("Test (private)");
  await expect(page.getByRole("img", { name: "Class balance" })).toBeVisible();
  await expect(page.getByText("three")).toBeVisible();
  await snap(page, "dataset-overview");

  await page.getByRole("link", { name: "Profile", exact: true }).click();
  const schema = page.getByTestId("schema-table");
  const bill = schema.getByRole("row", { name: /bill_length_mm/ });
  await expect(bill).toContainText("numeric");
  await expect(bill).toContainText("2 (0.6%)");
  await expect(bill.getByRole("img", { name: "bill_length_mm" })).toBeVisible();
  await expect(bill.locator("svg path").first()).toBeAttached();
  await expect(schema.getByRole("row", { name: /^species/ })).toContainText("categorical");
  await snap(page, "dataset-profile");

  await page.getByRole("link", { name: "Data", exact: true }).click();
  const table = page.getByTestId("preview-table");
  await expect(table.locator("tbody tr")).toHaveCount(25);
  await expect(table).toContainText("Torgersen");
  await page.getByRole("link", { name: /Next/ }).click();
  await expect(page.getByText("Page 2 of 14")).toBeVisible();
  await snap(page, "dataset-data");

  // A second version: the same data without its last 44 rows.
  const lines = readFileSync(PENGUINS, "utf8").trimEnd().split("\n");
  const v2 = path.join(os.tmpdir(), `penguins-v2-${uniqueSuffix()}.csv`);
  writeFileSync(v2, `${lines.slice(0, 301).join("\n")}\n`);
  await page.getByRole("link", { name: "Versions", exact: true }).click();
  await page.getByLabel("File", { exact: true }).setInputFiles(v2);
  await page.getByLabel("What changed").fill("Dropped the last 44 rows");
  await page.getByRole("button", { name: "Upload version" }).click();
  await expect(page.getByText("Version 2 uploaded.")).toBeVisible();
  const versions = page.getByTestId("version-list");
  await expect(versions.locator("li")).toHaveCount(2);
  await expect(versions.locator("li").first()).toContainText("Dropped the last 44 rows");
  await expect(versions.locator("li").first()).toContainText("300");
  await snap(page, "dataset-versions");

  await page.goto("/datasets?tag=e2e");
  await expect(page.getByTestId("dataset-list")).toContainText(title);
  await snap(page, "datasets-list");
});

test("a bad CSV shows the line of the problem and keeps what the user typed", async ({ page }) => {
  const user = await createUser();
  await signInViaApi(page.context().request, user);
  const bad = path.join(os.tmpdir(), `ragged-${uniqueSuffix()}.csv`);
  writeFileSync(bad, "a,b,label\n1,2,x\n3,4,y\n5,6\n7,8,x\n");
  await page.goto("/datasets/new");
  await page.getByLabel("File", { exact: true }).setInputFiles(bad);
  await page.getByLabel("Title").fill("Ragged table");
  await page.getByLabel("Tags").fill("broken");
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByTestId("data-error")).toHaveText(/^Line 4 has 2 fields, but the header has 3\./);
  await expect(page.getByLabel("Title")).toHaveValue("Ragged table");
  await expect(page.getByLabel("Tags")).toHaveValue("broken");
  await expect(page).toHaveURL(/\/datasets\/new$/);
  await snap(page, "dataset-new-error");

  // A picture renamed .csv: no junk columns offered, and the message (never its catalogue key) says what it is.
  const png = path.join(os.tmpdir(), `picture-${uniqueSuffix()}.csv`);
  writeFileSync(png, await solidPng([200, 40, 40]));
  await page.getByLabel("File", { exact: true }).setInputFiles(png);
  await expect(page.getByLabel("Column to predict")).toHaveValue("");
  await expect(page.getByLabel("Column to predict").locator("option")).toHaveCount(0);
  await page.getByLabel("Column to predict").fill("label");
  await page.getByRole("button", { name: "Upload and check" }).click();
  // Named by its signature (lib/datasets/file-kind.ts), with what to do instead.
  await expect(page.getByTestId("data-error")).toHaveText(
    /^This file is a PNG image, not a CSV or TSV table, whatever its name says\. Export the table as CSV/,
  );
});

test("private datasets are 404 to others; the upload API refuses anonymous callers", async ({ page, request }) => {
  const anon = await request.post("/api/datasets", {
    multipart: { title: "x", file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") } },
  });
  expect(anon.status()).toBe(401);
  const owner = await createUser();
  await signInViaApi(page.context().request, owner);
  const created = await page.context().request.post("/api/datasets", {
    multipart: {
      title: "Hidden data",
      license: "CC0-1.0",
      taskType: "CLASSIFICATION",
      targetColumn: "label",
      visibility: "PRIVATE",
      file: { name: "h.csv", mimeType: "text/csv", buffer: Buffer.from("a,label\n1,x\n2,y\n3,x\n4,y\n") },
    },
  });
  expect(created.status()).toBe(201);
  const { dataset } = (await created.json()) as { dataset: { url: string } };
  expect((await page.goto(dataset.url))?.status()).toBe(200);
  const download = await page.context().request.get(`/api${dataset.url}/versions/1/download`);
  expect(await download.text()).toBe("a,label\n1,x\n2,y\n3,x\n4,y\n");

  const stranger = await page.context().browser()!.newContext();
  const other = await stranger.newPage();
  expect((await other.goto(new URL(dataset.url, page.url()).toString()))?.status()).toBe(404);
  expect(
    (await other.request.get(new URL(`/api${dataset.url}/versions/1/download`, page.url()).toString())).status(),
  ).toBe(404);
  await stranger.close();
});

test("an image dataset shows a thumbnail grid per class; the owner edits its details", async ({ page }) => {
  const owner = await createUser();
  await signInViaApi(page.context().request, owner);
  const zip = await imageZip({ circle: [220, 40, 40], square: [40, 40, 220], triangle: [40, 180, 60] }, 6);
  const created = await page.context().request.post("/api/datasets", {
    multipart: {
      title: "Shapes",
      license: "CC0-1.0",
      taskType: "CLASSIFICATION",
      kind: "IMAGE",
      imageSize: "32",
      imageChannels: "3",
      file: { name: "shapes.zip", mimeType: "application/zip", buffer: zip },
    },
  });
  expect(created.status()).toBe(201);
  const { dataset } = (await created.json()) as { dataset: { url: string } };

  await page.goto(`${dataset.url}?tab=data`);
  const grid = page.getByTestId("image-grid");
  await expect(grid.getByRole("heading", { name: "square" })).toBeVisible();
  const first = grid.getByRole("img", { name: "circle #0" });
  await expect(first).toBeVisible();
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await snap(page, "dataset-images");

  await page.goto(dataset.url);
  await page.getByRole("link", { name: "Edit details" }).click();
  await page.getByLabel("Title").fill("Coloured shapes");
  await page.getByLabel("Tags").fill("synthetic, images");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page).toHaveURL(new RegExp(`${dataset.url}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Coloured shapes");
  await expect(page.getByRole("link", { name: "#synthetic" })).toBeVisible();
});
