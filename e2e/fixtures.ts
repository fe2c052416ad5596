import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { createUser as createUserInDb } from "../lib/factories/users";
import { disconnectPrisma } from "../lib/db";

/** Seeds through lib/ (never through the UI), so each test owns its data. */
export async function createUser(overrides: Parameters<typeof createUserInDb>[0] = {}) {
  try {
    return await createUserInDb(overrides);
  } finally {
    await disconnectPrisma();
  }
}

/** Signs in through Auth.js's HTTP API (CSRF token + credentials callback); the cookie lands in `request`. */
export async function signInViaApi(request: APIRequestContext, user: { email: string | null; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email ?? "", password: user.password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(response.status());
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { handle?: string } } | null;
  expect(session?.user?.handle).toBeTruthy();
}

export const WIDTHS = { mobile: 375, desktop: 1440 } as const;

/** Full-page screenshots at 375 px and 1440 px into e2e/screenshots/, for people to look at. */
export async function snap(page: Page, name: string) {
  mkdirSync("e2e/screenshots", { recursive: true });
  const original = page.viewportSize();
  for (const [label, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: label === "mobile" ? 800 : 900 });
    await page.screenshot({ path: `e2e/screenshots/${name}-${width}.png`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
