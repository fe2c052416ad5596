import { expect, test } from "@playwright/test";
import { createUser, signInViaApi, snap } from "./fixtures";

test("health reports database and Redis up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true } });
});

test("protected API routes answer 401 to anonymous callers, never a silent pass", async ({ request }) => {
  const get = await request.get("/api/account");
  expect(get.status()).toBe(401);
  expect(await get.json()).toEqual({ error: { code: "UNAUTHENTICATED", fields: {} } });
  const patch = await request.patch("/api/account", { data: { name: "x", bio: "y" } });
  expect(patch.status()).toBe(401);
});

test("a signed-in API caller reads and updates their account, with validation", async ({ request }) => {
  const user = await createUser();
  await signInViaApi(request, user);
  const me = await request.get("/api/account");
  expect(me.status()).toBe(200);
  const body = (await me.json()) as { user: Record<string, unknown> };
  expect(body.user).toMatchObject({ id: user.id, handle: user.handle, email: user.email });
  expect(body.user).not.toHaveProperty("passwordHash");

  const bad = await request.patch("/api/account", { data: { name: "ok", bio: "b".repeat(1001) } });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toEqual({ error: { code: "INVALID_INPUT", fields: { bio: "bio.tooLong" } } });
  const malformed = await request.patch("/api/account", {
    data: "{not json",
    headers: { "content-type": "application/json" },
  });
  expect(malformed.status()).toBe(422);
  const ok = await request.patch("/api/account", { data: { name: "New Name", bio: "Hi" } });
  expect(ok.status()).toBe(200);
});

test("section pages show their empty states; unknown pages and users get a 404 page", async ({ page }) => {
  for (const [path, heading] of [
    ["/datasets", "Datasets"],
    ["/configs", "Configs"],
    ["/runs", "Runs"],
    ["/leaderboards", "Leaderboards"],
    ["/discussions", "Discussions"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("link", { name: heading, exact: true }).first()).toHaveAttribute(
      "aria-current",
      "page",
    );
  }
  await snap(page, "section-empty");

  const missing = await page.goto("/u/no-such-user-here");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await snap(page, "not-found");
});

test("sign-in rejects an off-site callback URL", async ({ page, baseURL }) => {
  const user = await createUser();
  await page.goto("/signin?callbackUrl=//evil.example/steal");
  await page.getByLabel("Email").fill(user.email!);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(page.url()).not.toContain("evil.example");
});
