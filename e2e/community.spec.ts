import { expect, test, type Browser } from "@playwright/test";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { createConfigFrom } from "../lib/factories/configs";
import { createSampleDataset } from "../lib/factories/datasets";
import { createPoster, createThreadFrom } from "../lib/factories/discussions";
import { createScoredRun } from "../lib/factories/runs";
import { createUser, signInViaApi, snap } from "./fixtures";

/*
 * Issue 16's story: B answers A's question and mentions C; A's and C's bells update live, without a reload; A accepts
 * (B's answer links a better run, so it is a verified fix); B's reputation and profile change; C reports the answer,
 * a moderator hides it with a reason, and its author sees why while other readers see a placeholder.
 */

async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

async function signedIn(browser: Browser, user: { email: string | null; password: string }, width = 1440) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await signInViaApi(context.request, user);
  return context.newPage();
}

test("an answer reaches the asker and the mentioned live, earns reputation, and a moderator can hide it", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [asker, answerer, mentioned, moderator] = [
    await createUser(),
    await createPoster(),
    await createUser(),
    await createUser(),
  ];
  const world = await seeded(async () => {
    await getPrisma().user.update({ where: { id: moderator.id }, data: { role: "MODERATOR" } });
    const { version } = await createSampleDataset("iris", asker);
    const askerConfig = await createConfigFrom("mlp", { title: "Iris net that plateaus" }, asker);
    const betterConfig = await createConfigFrom("mlp", { title: "Iris net, wider" }, answerer);
    const scored = (userId: string, config: typeof askerConfig, accuracy: number) =>
      createScoredRun({
        userId,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: version.id,
        publicScores: { accuracy },
      });
    const askerRun = await scored(asker.id, askerConfig, 0.6);
    const betterRun = await scored(answerer.id, betterConfig, 0.9);
    const thread = await createThreadFrom(asker, {
      kind: "QUESTION",
      title: "Why does my iris net plateau at 0.6?",
      body: "Validation accuracy stops at 0.6 after a few epochs.",
      runId: askerRun.id,
    });
    return { threadUrl: `/discussions/${thread.id}`, betterRunId: betterRun.id };
  });

  // A and C are elsewhere on the site, with no unread notifications.
  const a = await signedIn(browser, asker);
  const c = await signedIn(browser, mentioned, 375);
  await a.goto("/discussions");
  await c.goto("/");
  await expect(a.getByTestId("notification-bell")).toBeVisible();
  await expect(a.getByTestId("notification-badge")).toHaveCount(0);
  await expect(c.getByTestId("notification-badge")).toHaveCount(0);

  // B answers, mentioning C and linking the better run.
  const b = await signedIn(browser, answerer);
  await b.goto(`/u/${answerer.handle}`);
  await expect(b.getByTestId("profile-reputation")).toHaveText("0");
  await b.goto(world.threadUrl);
  const form = b.getByTestId("answer-form");
  await form
    .getByRole("textbox", { name: "Answer" })
    .fill(`A wider hidden layer fixes it. @${mentioned.handle} saw the same on penguins.`);
  await form.getByPlaceholder(/run id/i).fill(world.betterRunId);
  await form.getByRole("button", { name: "Post answer" }).click();
  await expect(b.getByTestId("post-answer").first()).toContainText("A wider hidden layer fixes it.");

  // The bells update live: no reload on A's or C's page.
  await expect(a.getByTestId("notification-badge")).toHaveText("1", { timeout: 15_000 });
  await expect(c.getByTestId("notification-badge")).toHaveText("1", { timeout: 15_000 });
  await a.getByTestId("notification-bell").click();
  await expect(a.getByTestId("notification-menu")).toContainText(`@${answerer.handle}`);
  await snap(a, "notifications-bell-open");
  await c.getByTestId("notification-bell").click();
  await expect(c.getByTestId("notification-menu")).toContainText(`@${answerer.handle}`);

  // A accepts: the answer's run beats A's, so it is a verified fix, and B earns 15 + 25.
  await a.goto(world.threadUrl);
  await a.getByTestId("accept").click();
  await expect(a.getByTestId("verified-fix")).toBeVisible();
  await b.goto(`/u/${answerer.handle}`);
  await expect(b.getByTestId("profile-reputation")).toHaveText("40");
  await expect(b.getByTestId("reputation-breakdown")).toBeVisible();
  await snap(b, "profile-reputation");
  await b.goto("/notifications");
  await expect(b.locator("main")).toContainText("is a verified fix");
  await snap(b, "notifications-inbox");

  // C reports the answer; a moderator hides it with a reason.
  await c.goto(world.threadUrl);
  const answerPost = c.getByTestId("post-answer").first();
  await answerPost.getByTestId("report").click();
  const dialog = answerPost.getByTestId("report-form");
  await dialog.getByLabel("Off topic").check();
  await dialog.getByRole("button", { name: "Send report" }).click();
  await expect(answerPost.getByTestId("report-sent")).toBeVisible();

  const m = await signedIn(browser, moderator);
  await m.goto("/moderation");
  await expect(m.locator("main")).toContainText("A wider hidden layer fixes it.");
  await snap(m, "moderation-queue");
  // The queue is everyone's open reports (other tests' too): act on the group of this answer.
  const group = m.getByTestId("report-group").filter({ hasText: "A wider hidden layer fixes it." });
  await group.getByTestId("mod-hide").click();
  await group.getByLabel("Reason (shown to the author)").fill("Promotional, not an answer to the question.");
  await group.getByTestId("mod-hide-confirm").click();
  // Hiding resolves its reports: the group leaves the queue.
  await expect(m.getByTestId("report-group").filter({ hasText: "A wider hidden layer fixes it." })).toHaveCount(0, {
    timeout: 10_000,
  });

  // Its author sees why; other readers see a placeholder without the text or the reason.
  await b.goto(world.threadUrl);
  await expect(b.getByTestId("post-hidden")).toContainText("Promotional, not an answer to the question.");
  await c.goto(world.threadUrl);
  await expect(c.getByTestId("post-hidden")).toHaveText("Hidden by a moderator.");
  await expect(c.locator("main")).not.toContainText("A wider hidden layer fixes it.");
  await snap(b, "moderation-hidden-author-view");
  await m.goto("/moderation/log");
  await expect(m.locator("main")).toContainText("Promotional, not an answer to the question.");
});
