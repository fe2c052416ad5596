import { expect, test } from "@playwright/test";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";

test("submit iris + MLP, watch progress and curves move, see metrics, the confusion matrix and a downloadable model", async ({
  page,
}) => {
  const alice = await createUser();
  const spec = structuredClone(templateSpec("mlp", 3));
  spec.training.epochs = 60;
  spec.training.batchSize = 8;
  spec.training.earlyStopping = { enabled: false };
  const { configUrl } = await (async () => {
    try {
      const { version } = await createSampleDataset("iris", alice);
      const { config, ownerHandle } = await createConfig({
        actor: alice,
        meta: { title: "Iris MLP", designedForVersionId: version.id },
        spec,
      });
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

test("live progress: the page closes its stream when the run ends, and Last-Event-ID resumes with only the missing epochs", async ({
  page,
}) => {
  // Every EventSource the page opens, so the test can see whether it was closed (CLOSED = 2) rather than left to
  // reconnect every few seconds after the server ended the stream.
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const opened: EventSource[] = [];
    (window as unknown as { __eventSources: EventSource[] }).__eventSources = opened;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        opened.push(this);
      }
    };
  });
  // The run's streams only: the header's notification bell keeps its own stream open while the page is.
  const allClosed = async () => {
    const states = await page.evaluate(() =>
      (window as unknown as { __eventSources: EventSource[] }).__eventSources
        .filter((s) => s.url.includes("/api/runs/"))
        .map((s) => s.readyState),
    );
    return states.length > 0 && states.every((state) => state === 2);
  };
  const alice = await createUser();
  const spec = structuredClone(templateSpec("logisticRegression", 3));
  spec.training.epochs = 30;
  spec.training.earlyStopping = { enabled: false };
  const configUrl = await (async () => {
    try {
      const { version } = await createSampleDataset("iris", alice);
      const { config, ownerHandle } = await createConfig({
        actor: alice,
        meta: { title: "Iris live", designedForVersionId: version.id },
        spec,
      });
      return `/configs/${ownerHandle}/${config.slug}`;
    } finally {
      await disconnectPrisma();
    }
  })();
  await signInViaApi(page.context().request, alice);
  await page.goto(configUrl);
  await page.getByRole("button", { name: "Submit run" }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  const runId = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await expect.poll(allClosed).toBe(true);

  // A finished run's page gets its snapshot and closes the stream at once.
  await page.reload();
  await expect(page.getByTestId("run-progress-label")).toHaveText("Epoch 30 of 30");
  await expect.poll(allClosed).toBe(true);

  // A client that had epochs up to 28 of the first attempt gets 29 and 30, then the end; the response ends.
  const resumed = await page
    .context()
    .request.get(`/api/runs/${runId}/events`, { headers: { "Last-Event-ID": "1-28" } });
  expect(resumed.headers()["content-type"]).toBe("text/event-stream");
  const events = (await resumed.text())
    .split("\n\n")
    .filter((frame) => frame.includes("data: "))
    .map((frame) => ({
      data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as { type: string; epoch?: number; status?: string },
      id: /^id: (.*)$/m.exec(frame)?.[1] ?? null,
    }));
  expect(events.map((e) => [e.id, e.data.type, e.data.epoch ?? e.data.status])).toEqual([
    ["1-29", "epoch", 29],
    ["1-30", "epoch", 30],
    [null, "status", "SUCCEEDED"],
  ]);
});
