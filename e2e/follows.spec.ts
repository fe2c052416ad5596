import { expect, test, type Browser } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { disconnectPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";

/*
 * Follows and the home feed (issue 16): a reader follows a person and a dataset from their pages, the home page
 * opens on what they follow, both sides' profiles list the follow, and unfollowing takes the person's news away.
 * Someone who follows nothing gets the site's feed with a hint; a visitor's Follow leads to sign-in and back.
 */

async function signedIn(browser: Browser, user: { email: string | null; password: string }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await signInViaApi(context.request, user);
  return context.newPage();
}

test("following a person and a dataset fills the home feed, lists the follow on both profiles, and can be undone", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = randomBytes(3).toString("hex");
  const [reader, author, owner] = [await createUser(), await createUser(), await createUser()];
  const [authored, owned] = await (async () => {
    try {
      return [
        await createSampleDataset("iris", author, { title: `Author's flowers ${tag}` }),
        await createSampleDataset("iris", owner, { title: `Owner's flowers ${tag}` }),
      ];
    } finally {
      await disconnectPrisma();
    }
  })();
  const page = await signedIn(browser, reader);

  // Following nothing yet: the site's feed, with a hint on how to get one's own.
  await page.goto("/");
  await expect(page.getByTestId("feed-everyone")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("follow-hint")).toBeVisible();

  await page.goto(`/u/${author.handle}`);
  const followUser = page.getByTestId("follow-user");
  await expect(followUser).toHaveAttribute("aria-pressed", "false");
  await followUser.click();
  await expect(followUser).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("followers-user")).toHaveText("1");
  await snap(page, "follow-profile");

  await page.goto(`/datasets/${owner.handle}/${owned.dataset.slug}`);
  const followDataset = page.getByTestId("follow-dataset");
  await followDataset.click();
  await expect(followDataset).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByTestId("follow-dataset")).toHaveAttribute("aria-pressed", "true");
  await snap(page, "follow-dataset");

  // The home page now opens on what the reader follows: the author's dataset and the followed dataset's news.
  await page.goto("/");
  await expect(page.getByTestId("feed-following")).toHaveAttribute("aria-current", "page");
  const feed = page.getByTestId("activity-list");
  await expect(feed.getByTestId("activity-item").filter({ hasText: authored.dataset.title })).toHaveCount(1);
  await expect(feed.getByTestId("activity-item").filter({ hasText: owned.dataset.title })).toHaveCount(1);
  await snap(page, "home-feed-following");

  // Both profiles list the follow.
  await page.goto(`/u/${reader.handle}?tab=following`);
  const following = page.getByTestId("profile-follow-row");
  await expect(following.filter({ hasText: author.handle })).toHaveCount(1);
  await expect(following.filter({ hasText: owned.dataset.title })).toHaveCount(1);
  await snap(page, "profile-following");
  await page.goto(`/u/${author.handle}?tab=followers`);
  await expect(page.getByTestId("profile-follow-row").filter({ hasText: reader.handle })).toHaveCount(1);
  await snap(page, "profile-followers");

  // Unfollowing the author takes their news off the reader's feed; the dataset's stays.
  await page.getByTestId("follow-user").click();
  await expect(page.getByTestId("follow-user")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("followers-user")).toHaveText("0");
  await page.goto("/?feed=following");
  await expect(feed.getByTestId("activity-item").filter({ hasText: owned.dataset.title })).toHaveCount(1);
  await expect(feed.getByTestId("activity-item").filter({ hasText: authored.dataset.title })).toHaveCount(0);

  // The everyone tab is one click away and keeps its tab while paging.
  await page.getByTestId("feed-everyone").click();
  await expect(page).toHaveURL(/feed=everyone/);
  await expect(page.getByTestId("feed-everyone")).toHaveAttribute("aria-current", "page");
  await snap(page, "home-feed-everyone");
  await page.context().close();
});

test("a visitor's Follow leads to sign-in and back; one cannot follow oneself", async ({ browser }) => {
  const [user, other] = [await createUser(), await createUser()];
  const visitor = await browser.newPage();
  await visitor.goto(`/u/${other.handle}`);
  await visitor.getByTestId("follow-user").click();
  await expect(visitor).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(`/u/${other.handle}`)}`));
  await visitor.close();

  const page = await signedIn(browser, user);
  await page.goto(`/u/${user.handle}`);
  await expect(page.getByTestId("profile-name")).toBeVisible();
  await expect(page.getByTestId("follow-user")).toHaveCount(0);
  // A new user with nobody following them: the empty states.
  await page.goto(`/u/${user.handle}?tab=followers`);
  await expect(page.getByTestId("profile-follow-row")).toHaveCount(0);
  await snap(page, "profile-followers-empty");
  await page.context().close();
});
