import { expect, test, type Page } from "@playwright/test";
import { createSampleDataset } from "../lib/factories/datasets";
import { disconnectPrisma } from "../lib/db";
import { uniqueSuffix } from "../lib/factories/users";
import { templateSpec } from "../lib/configs/templates";
import { createUser, signInViaApi, snap } from "./fixtures";

type TSpecJson = { training: { epochs: number; optimizer: { learningRate: number } } };

async function editJson(page: Page, edit: (spec: TSpecJson) => void) {
  await page.getByRole("tab", { name: "JSON" }).click();
  const box = page.getByLabel("JSON");
  const spec = JSON.parse(await box.inputValue()) as TSpecJson;
  edit(spec);
  await box.fill(JSON.stringify(spec, null, 2));
}

test("start from the MLP template, edit in form and JSON, two revisions; another user forks, changes one field; lineage and diff show exactly that", async ({
  page,
  browser,
}) => {
  const alice = await createUser();
  const { dataset } = await createSampleDataset("penguins", alice).finally(disconnectPrisma);
  await signInViaApi(page.context().request, alice);
  const title = `Penguin MLP ${uniqueSuffix()}`;

  await page.goto("/configs/new");
  const option = page.locator("select[name=dataset] option", { hasText: `${alice.handle}/${dataset.slug} v1` });
  await page.getByLabel("Design for dataset").selectOption((await option.getAttribute("value"))!);
  // Penguins is a classification table: the regression templates are not offered for it.
  await expect(page.getByLabel(/MLP regression/)).toHaveCount(0);
  await page.getByLabel(/MLP classifier/).check();
  await snap(page, "config-new");
  await page.getByRole("button", { name: "Start from this" }).click();

  // Live shapes and parameter counts for penguins: 9 inputs (4 numeric + island 3 + sex 2).
  await expect(page.getByTestId("param-count")).toHaveText("2,819 parameters");
  await expect(page.getByTestId("layer-0-shape")).toHaveText("→ [64] · 640 params");
  await page.getByTestId("layer-0").getByLabel("Units").fill("128");
  await expect(page.getByTestId("param-count")).toHaveText("5,507 parameters");

  // Bad JSON is reported with its place, and the form waits for it to be fixed.
  await page.getByRole("tab", { name: "JSON" }).click();
  await page.getByLabel("JSON").fill("{ broken");
  await expect(page.getByTestId("spec-issues")).toContainText("(root):");
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByText("The JSON has a syntax error")).toBeVisible();
  await page.goBack();
  await page.goForward();
  await page.getByTestId("layer-0").getByLabel("Units").fill("128");

  await editJson(page, (spec) => (spec.training.epochs = 80));
  await expect(page.getByText("The config is valid.")).toBeVisible();
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByLabel("Epochs")).toHaveValue("80");
  await snap(page, "config-editor");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create config" }).click();
  await expect(page).toHaveURL(new RegExp(`/configs/${alice.handle}/penguin-mlp`));
  const aliceUrl = page.url();

  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByTestId("layer-1").getByLabel("Rate").fill("0.3");
  await page.getByLabel("Revision note").fill("more dropout");
  await page.getByRole("button", { name: "Save as new revision" }).click();
  await expect(page).toHaveURL(aliceUrl);
  await expect(page.getByTestId("revision-list").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("revision-list")).toContainText("more dropout");
  await snap(page, "config-page");

  // Bob forks Alice's head revision and changes the learning rate.
  const bob = await createUser();
  const bobContext = await browser.newContext({ baseURL: new URL(aliceUrl).origin });
  const bobPage = await bobContext.newPage();
  await signInViaApi(bobContext.request, bob);
  await bobPage.goto(aliceUrl);
  await bobPage.getByRole("button", { name: "Fork", exact: true }).click();
  await expect(bobPage).toHaveURL(new RegExp(`/configs/${bob.handle}/`));
  await expect(bobPage.getByTestId("forked-from")).toContainText(`@${alice.handle}/`);
  await expect(bobPage.getByTestId("forked-from")).toContainText("(revision 2)");
  await bobPage.getByRole("link", { name: "Edit", exact: true }).click();
  await editJson(bobPage, (spec) => (spec.training.optimizer.learningRate = 0.01));
  await bobPage.getByLabel("Revision note").fill("higher learning rate");
  await bobPage.getByRole("button", { name: "Save as new revision" }).click();
  await expect(bobPage.getByTestId("revision-list").locator("li")).toHaveCount(2);

  await bobPage.getByRole("link", { name: "Compare with parent" }).click();
  const rows = bobPage.getByTestId("diff-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("training.optimizer.learningRate");
  await expect(rows.first()).toContainText("0.001");
  await expect(rows.first()).toContainText("0.01");
  await snap(bobPage, "config-diff");
  await bobPage.getByRole("link", { name: "Everything" }).click();
  await expect(bobPage.getByTestId("diff-table").locator("tbody tr")).not.toHaveCount(1);

  await bobPage.goto(bobPage.url().replace(/\/diff.*$/, "/lineage"));
  const lineage = bobPage.getByTestId("lineage-list");
  await expect(lineage.locator("li")).toHaveCount(2);
  await expect(lineage.locator("li").first()).toContainText(`@${alice.handle}/`);
  await expect(lineage.locator("li").nth(1)).toContainText(`@${bob.handle}/`);
  await expect(bobPage.getByRole("img", { name: "Lineage" }).locator("svg")).toBeVisible();
  await snap(bobPage, "config-lineage");
  await bobContext.close();

  await page.reload();
  await expect(page.getByTestId("fork-count")).toHaveText("1 fork");
  await page.goto("/configs");
  await expect(page.getByTestId("config-list")).toContainText(title);
  await snap(page, "configs-list");
});

test("the configs API: 401 signed out, 422 with exact paths, 201 create, revise and fork; private configs are 404 to others", async ({
  playwright,
  baseURL,
}) => {
  const anon = await playwright.request.newContext({ baseURL });
  const schema = await anon.get("/api/configs/schema");
  expect(schema.status()).toBe(200);
  expect(JSON.stringify(await schema.json())).toContain("globalAveragePooling2d");
  expect((await anon.post("/api/configs", { data: { title: "x" } })).status()).toBe(401);

  const alice = await createUser();
  const api = await playwright.request.newContext({ baseURL });
  await signInViaApi(api, alice);
  const spec = templateSpec("mlp", 3);
  const bad = await api.post("/api/configs", {
    data: { title: "Bad", spec: { ...spec, model: { layers: [{ type: "dense", units: -1 }] } } },
  });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toEqual({
    error: {
      code: "INVALID_SPEC",
      issues: [{ path: "model.layers[0].units", code: "tooSmall", message: "model.layers[0].units: must be ≥ 1" }],
    },
  });
  expect(
    (await api.post("/api/configs", { data: "{nope", headers: { "content-type": "application/json" } })).status(),
  ).toBe(422);

  const created = await api.post("/api/configs", { data: { title: "API MLP", visibility: "PRIVATE", spec } });
  expect(created.status()).toBe(201);
  const { config } = (await created.json()) as { config: { url: string } };
  const revised = await api.post(`/api${config.url}/revisions`, {
    data: { spec: { ...spec, training: { ...spec.training, epochs: 7 } }, message: "shorter" },
  });
  expect(await revised.json()).toMatchObject({ revision: { number: 2 } });
  const exported = await api.get(`/api${config.url}/revisions/2`);
  expect(((await exported.json()) as { training: { epochs: number } }).training.epochs).toBe(7);

  const bob = await playwright.request.newContext({ baseURL });
  await signInViaApi(bob, await createUser());
  expect((await bob.post(`/api${config.url}/forks`, { data: {} })).status()).toBe(404);
  expect((await bob.get(`/api${config.url}/revisions/1`)).status()).toBe(404);
  const own = await api.post(`/api${config.url}/forks`, { data: { revision: 1 } });
  expect(own.status()).toBe(201);
  await Promise.all([anon.dispose(), api.dispose(), bob.dispose()]);
});
