import { expect, test } from "@playwright/test";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { unsubscribeUrl } from "../lib/email/unsubscribe";
import { createUser, snap } from "./fixtures";

/*
 * A digest's unsubscribe link opened in a browser (issue 16): opening it changes nothing (mail scanners open every
 * link), the button turns the digests off without signing in, and a link that was cut short says so and changes
 * nothing.
 */

const digestOn = async (id: string) => {
  try {
    return (await getPrisma().user.findUniqueOrThrow({ where: { id }, select: { emailDigest: true } })).emailDigest;
  } finally {
    await disconnectPrisma();
  }
};

test("the unsubscribe link asks first, then turns the digests off without a session", async ({ page }) => {
  const user = await createUser();
  const link = new URL(unsubscribeUrl(user.id));
  await page.goto(`${link.pathname}${link.search}`);
  await expect(page).toHaveURL(/\/email\/unsubscribe\?token=/);
  await expect(page.getByTestId("email-unsubscribe-confirm")).toBeVisible();
  expect(await digestOn(user.id)).toBe(true);
  await snap(page, "email-unsubscribe");

  await page.getByTestId("email-unsubscribe-confirm").click();
  await expect(page.getByTestId("email-unsubscribed")).toBeVisible();
  expect(await digestOn(user.id)).toBe(false);
  await snap(page, "email-unsubscribed");
});

test("a cut-short unsubscribe link says so and changes nothing", async ({ page, request }) => {
  const user = await createUser();
  const link = new URL(unsubscribeUrl(user.id));
  const cut = link.searchParams.get("token")!.slice(0, -4);
  await page.goto(`/email/unsubscribe?token=${encodeURIComponent(cut)}`);
  await expect(page.getByTestId("email-unsubscribe-invalid")).toBeVisible();
  await snap(page, "email-unsubscribe-invalid");
  const response = await request.post(`/api/email/unsubscribe?token=${encodeURIComponent(cut)}`);
  expect(response.status()).toBe(400);
  expect(await digestOn(user.id)).toBe(true);
});
