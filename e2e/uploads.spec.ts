import { expect, test } from "@playwright/test";
import http from "node:http";
import { solidPng } from "../lib/factories/datasets";
import { makeZip, type TZipEntry } from "../lib/factories/zip";
import { createUser, signInViaApi, snap } from "./fixtures";

/** More images than an upload decodes itself (IMAGE_INLINE_MAX_FILES = 500): the worker decodes this one. */
async function largeImageZip() {
  const [red, blue] = await Promise.all([solidPng([220, 40, 40], 16), solidPng([40, 40, 220], 16)]);
  const entries: TZipEntry[] = [];
  for (let i = 0; i < 300; i++)
    entries.push({ name: `red/${i}.png`, data: red }, { name: `blue/${i}.png`, data: blue });
  return makeZip(entries);
}

test("the owner sees their storage quota on their profile; nobody else does", async ({ page, browser }) => {
  const owner = await createUser();
  await signInViaApi(page.context().request, owner);
  const created = await page.context().request.post("/api/datasets", {
    multipart: {
      title: "Quota sample",
      license: "CC0-1.0",
      taskType: "CLASSIFICATION",
      targetColumn: "label",
      file: { name: "q.csv", mimeType: "text/csv", buffer: Buffer.from("a,label\n1,x\n2,y\n3,x\n4,y\n") },
    },
  });
  expect(created.status()).toBe(201);

  await page.goto(`/u/${owner.handle}`);
  const storage = page.getByTestId("storage-quota");
  await expect(storage).toContainText("Storage");
  await expect(storage).toContainText("24 B of 1.0 GB used");
  await expect(storage.getByRole("progressbar", { name: "Storage" })).toBeVisible();
  await snap(page, "profile-storage");

  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await signInViaApi(other.context().request, await createUser());
  await other.goto(new URL(`/u/${owner.handle}`, page.url()).toString());
  await expect(other.getByTestId("profile-handle")).toBeVisible();
  await expect(other.getByTestId("storage-quota")).toHaveCount(0);
  await stranger.close();
});

test("a JSON body over the limit is a 413 before it is read", async ({ page }) => {
  await signInViaApi(page.context().request, await createUser());
  const response = await page.context().request.post("/api/configs", {
    data: `{"title":"x","spec":"${"a".repeat(20 * 1024 * 1024)}"}`,
    headers: { "content-type": "application/json" },
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toMatchObject({
    error: { code: "PAYLOAD_TOO_LARGE", fields: { body: "body.tooLarge" } },
  });
});

test("a sign-in body over 64 KB is a 413, whether its length is declared or it arrives chunked", async ({
  baseURL,
}) => {
  const post = (chunked: boolean) =>
    new Promise<number>((resolve, reject) => {
      const body = Buffer.alloc(200 * 1024, 0x61);
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        ...(chunked ? {} : { "content-length": String(body.length) }),
      };
      // Without a content-length Node sends the body chunked.
      const request = http.request(
        new URL("/api/auth/callback/credentials", baseURL),
        { method: "POST", headers },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  expect(await post(false)).toBe(413);
  expect(await post(true)).toBe(413);
});

test("a large image zip is decoded by the worker: the page shows its progress, then the thumbnails", async ({
  page,
}) => {
  const owner = await createUser();
  await signInViaApi(page.context().request, owner);
  const created = await page.context().request.post("/api/datasets", {
    multipart: {
      title: "Many colours",
      license: "CC0-1.0",
      taskType: "CLASSIFICATION",
      kind: "IMAGE",
      imageSize: "28",
      imageChannels: "3",
      file: { name: "colours.zip", mimeType: "application/zip", buffer: await largeImageZip() },
    },
  });
  expect(created.status()).toBe(201);
  const { dataset } = (await created.json()) as { dataset: { url: string } };

  await page.goto(`${dataset.url}?tab=data`);
  // Either still decoding (a progress bar) or already done; both end with the grid once the page refreshes itself.
  const grid = page.getByTestId("image-grid");
  const decoding = page.getByRole("status").filter({ hasText: /Images queued for decoding|Decoding images/ });
  await expect(grid.or(decoding)).toBeVisible();
  if (await decoding.isVisible()) {
    await expect(page.getByText("The images are being decoded")).toBeVisible();
    await snap(page, "dataset-images-decoding");
  }
  await expect(grid.getByRole("heading", { name: "blue" })).toBeVisible({ timeout: 60_000 });
  await expect(grid.getByRole("img", { name: "red #300" })).toBeVisible();
});
