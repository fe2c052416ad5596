import { expect, test } from "@playwright/test";
import { uniqueSuffix } from "../lib/factories/users";
import { createUser, snap } from "./fixtures";

const SIGNED_UP = "Thanks for signing up. Sign in with your email and password to continue.";

test("a new visitor signs up, sees their profile, signs out and back in", async ({ page }) => {
  const s = uniqueSuffix();
  const email = `visitor-${s}@example.test`;
  const handle = `visitor-${s}`;
  const password = "a good long password";

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Train in the open");
  await snap(page, "home");

  await page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  // A specific message, and what was typed is kept.
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Handle")).toHaveValue(handle);
  await snap(page, "signup-error");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up never signs in by itself (a registered email must get the same answer): on to sign in.
  await expect(page).toHaveURL(/\/signin\?welcome=1$/);
  await expect(page.getByText(SIGNED_UP)).toBeVisible();
  await snap(page, "signup-done");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toContainText(`@${handle}`);
  await page.goto(`/u/${handle}`);
  await expect(page.getByTestId("profile-handle")).toHaveText(`@${handle}`);
  await expect(page.getByText("This is you")).toBeVisible();
  await expect(page.getByTestId("activity-list")).toContainText(`@${handle} joined Trainyard`);
  await snap(page, "profile");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await snap(page, "signin-error");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toContainText(`@${handle}`);

  // The session is a signed cookie: a fresh page load (as after a server restart) keeps it.
  await page.reload();
  await expect(page.getByTestId("header-user")).toContainText(`@${handle}`);
});

test("signing up with an email that already has an account looks exactly like a new sign-up, and changes nothing", async ({
  page,
}) => {
  const existing = await createUser();
  const answer = async (email: string) => {
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Handle").fill(`someone-${uniqueSuffix()}`);
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/signin\?welcome=1$/);
    return page.locator("main").innerText();
  };
  const forTaken = await answer(existing.email!.toUpperCase());
  const forNew = await answer(`new-${uniqueSuffix()}@example.test`);
  expect(forTaken).toBe(forNew);
  await expect(page.getByText(SIGNED_UP)).toBeVisible();

  // The attempt's password opens nothing; the owner's still works.
  await page.getByLabel("Email").fill(existing.email!);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await page.getByLabel("Password").fill(existing.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toContainText(`@${existing.handle}`);
});

test("a signed-in user edits their profile", async ({ page }) => {
  const user = await createUser({ name: null });
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email!);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toBeVisible();

  await page.goto(`/u/${user.handle}`);
  await page.getByRole("button", { name: "Edit profile" }).click();
  await page.getByLabel("Display name").fill("Grace H.");
  await page.getByLabel("Bio").fill("x".repeat(1001).slice(0, 1000));
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("profile-name")).toHaveText("Grace H.");
  await snap(page, "profile-long-bio");
});
