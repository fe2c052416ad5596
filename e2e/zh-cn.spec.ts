import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { uniqueSuffix } from "../lib/factories/users";
import { createCompetition } from "../lib/leaderboards/competitions";
import { createUser, signInViaApi, snap } from "./fixtures";
import { englishOnPage, expectOnlyChinese, zhMessage as z } from "./locale";

/**
 * The core loop in 简体中文, as a reader whose browser asks for Chinese: every page on the way is checked for English
 * interface text (e2e/locale.ts) — sign up, upload, fork a config, submit and watch a run, enter a competition, ask
 * about the run, read the answer's notification, reply and accept, find the thread and a dataset by a Chinese word,
 * settings. The English walk of the same flows is the rest of the e2e suite.
 */
test.use({ locale: "zh-CN" });

const IRIS = path.resolve("prisma/seed-data/iris.csv");
/** Words the iris file brings (column names, class labels): content, not interface. */
const IRIS_WORDS = [...new Set(readFileSync(IRIS, "utf8").split(/[\s,]+/))];

test("a Chinese reader walks the core loop without meeting an English interface string", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const owner = await createUser();
  const s = uniqueSuffix();
  const seed = await (async () => {
    try {
      const { dataset, version } = await createSampleDataset("iris", owner, { title: `鸢尾花分类 ${s}` });
      const spec = structuredClone(templateSpec("mlp", 3));
      spec.training.epochs = 12;
      spec.training.batchSize = 16;
      spec.training.earlyStopping = { enabled: false };
      const { config, ownerHandle } = await createConfig({
        actor: owner,
        meta: { title: `鸢尾花多层感知机 ${s}`, designedForVersionId: version.id },
        spec,
      });
      const now = Date.now();
      await createCompetition({
        actor: owner,
        datasetVersionId: version.id,
        input: {
          title: `鸢尾花挑战赛 ${s}`,
          metric: "accuracy",
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          dailyLimit: "3",
          totalLimit: "5",
          finalLimit: "1",
        },
      });
      return { dataset, configUrl: `/configs/${ownerHandle}/${config.slug}` };
    } finally {
      await disconnectPrisma();
    }
  })();
  const handle = `zh-${s}`;
  const email = `${handle}@example.test`;
  const password = "一个足够长的密码 long enough";
  const content = [...IRIS_WORDS, owner.handle, owner.name ?? "", handle, "iris", "example", "test"];

  // Home, signed out.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expectOnlyChinese(page, content);
  await snap(page, "zh-home");

  // Sign up: a validation error in Chinese first, then the account.
  await page
    .getByRole("banner")
    .getByRole("link", { name: z("nav.signUp") })
    .click();
  await page.getByLabel(z("auth.email")).fill(email);
  await page.getByLabel(z("auth.handle")).fill(handle);
  await page.getByLabel(z("auth.password")).fill("short");
  await page.getByRole("button", { name: z("auth.submitSignUp") }).click();
  await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
  await expectOnlyChinese(page, content);
  await snap(page, "zh-signup-error");
  await page.getByLabel(z("auth.password")).fill(password);
  await page.getByRole("button", { name: z("auth.submitSignUp") }).click();
  await expect(page).toHaveURL(/\/signin\?welcome=1$/);
  await expectOnlyChinese(page, content);
  await page.getByLabel(z("auth.email")).fill(email);
  await page.getByLabel(z("auth.password")).fill(password);
  await page.getByRole("button", { name: z("auth.submitSignIn") }).click();
  await expect(page.getByTestId("header-user")).toContainText(`@${handle}`);

  // Upload a dataset with a Chinese title and a description mixing Chinese, English, maths and code.
  await page.goto("/datasets/new");
  await expectOnlyChinese(page, content);
  await page.getByLabel(z("datasetForm.file"), { exact: true }).setInputFiles(IRIS);
  await expect(page.getByLabel(z("datasetForm.target"))).toHaveValue("species");
  await page.getByLabel(z("datasetForm.titleLabel")).fill(`我的鸢尾花 ${s}`);
  await page
    .getByLabel(z("datasetForm.description"))
    .fill(
      "三种**鸢尾花**的测量数据。\n\n损失函数 $L = -\\sum y \\log \\hat{y}$。\n\n```python\n# 读取数据\ndf = pd.read_csv('iris.csv')\n```",
    );
  await page.getByRole("button", { name: z("datasetForm.submit") }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${handle}/`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`我的鸢尾花 ${s}`);
  await expect(page.locator(".prose-trainyard strong")).toHaveText("鸢尾花");
  await expect(page.locator(".prose-trainyard .katex").first()).toBeVisible();
  await expect(page.locator(".prose-trainyard pre")).toContainText("# 读取数据");
  await expectOnlyChinese(page, content);
  await snap(page, "zh-dataset-overview");
  for (const tab of ["dataset.tabs.profile", "dataset.tabs.data", "dataset.tabs.versions"]) {
    await page.getByRole("link", { name: z(tab), exact: true }).click();
    await expect(page.getByRole("link", { name: z(tab), exact: true })).toHaveAttribute("aria-current", "page");
    await expectOnlyChinese(page, content);
  }
  await snap(page, "zh-dataset-versions");

  // Fork the owner's config, then train the fork on the competition's dataset and watch it.
  await page.goto(seed.configUrl);
  await expectOnlyChinese(page, content);
  await page.getByRole("button", { name: z("config.fork"), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/configs/${handle}/`));
  await expect(page.getByTestId("forked-from")).toContainText(`@${owner.handle}/`);
  await expectOnlyChinese(page, content);
  await snap(page, "zh-config-fork");
  await page.getByRole("button", { name: z("runForm.submit") }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  await expect(page.getByTestId("run-status")).toHaveText(z("run.status.SUCCEEDED"), { timeout: 90_000 });
  await expect(page.getByTestId("run-progress-label")).toHaveText("第12/12轮");
  await expectOnlyChinese(page, content);
  await snap(page, "zh-run-succeeded");
  const runUrl = new URL(page.url()).pathname;

  // The competition: the run is an entry on the board, the panel speaks Chinese.
  await page.goto(`/leaderboards/${owner.handle}/${seed.dataset.slug}`);
  await expect(page.getByTestId("competition")).toContainText(`鸢尾花挑战赛 ${s}`);
  await expect(page.getByTestId("board")).toContainText(`@${handle}`);
  await expectOnlyChinese(page, content);
  await snap(page, "zh-competition-board");
  // Ask about the run on its discussion thread; the config's author answers; the asker accepts the answer; the
  // discussions index finds the thread by a Chinese word (lib/search segments Chinese).
  await page.goto(runUrl);
  await page.locator(`a[href^="/discussions/new?kind=QUESTION&run="]`).first().click();
  await expect(page).toHaveURL(/\/discussions\/new\?/);
  await expectOnlyChinese(page, content);
  const question = `为什么验证集损失在第5轮后上升？ ${s}`;
  await page.getByLabel(z("newThread.title")).fill(question);
  await page
    .getByRole("textbox", { name: z("newThread.bodyQuestion") })
    .fill("学习率是否太大？损失 $L$ 在第5轮后开始**发散**。");
  await page.getByRole("button", { name: z("newThread.submitQuestion") }).click();
  await expect(page).toHaveURL(/\/discussions\/[a-z0-9]+$/);
  const threadUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("thread-title")).toHaveText(question);
  await expectOnlyChinese(page, content);
  // What the bell counts before the answer (the run's own "finished" notification, say): the answer adds one, live.
  const badge = page.getByTestId("notification-badge");
  const before = (await badge.count()) ? Number(await badge.textContent()) : 0;
  const author = await browser.newContext();
  await signInViaApi(author.request, owner);
  const answered = await author.request.post(`/api/threads${threadUrl.slice("/discussions".length)}/posts`, {
    data: { kind: "ANSWER", body: "把学习率降到 `0.001`，再训练 20 轮：\n\n$$\\eta = 10^{-3}$$" },
  });
  expect(answered.status()).toBe(201);
  await author.close();
  // The bell tells the asker, live; the inbox reads in Chinese.
  await expect(badge).toHaveText(String(before + 1), { timeout: 15_000 });
  await page.getByTestId("notification-bell").click();
  await expect(page.getByTestId("notification-menu")).toContainText(`@${owner.handle}`);
  await expectOnlyChinese(page, content);
  await page.goto("/notifications");
  await expect(page.locator("main")).toContainText(`@${owner.handle}`);
  await expectOnlyChinese(page, content);
  await snap(page, "zh-notifications");
  await page.goto(threadUrl);
  await expect(page.getByTestId("post-answer")).toContainText("把学习率降到");
  // The asker replies under the answer, then accepts it.
  const answerPost = page.getByTestId("post-answer").first();
  await answerPost.getByRole("button", { name: z("thread.reply"), exact: true }).click();
  await answerPost.getByRole("textbox").fill("谢谢！学习率降到 0.001 之后，验证集损失不再上升了。");
  await answerPost.getByRole("button", { name: z("thread.postReply") }).click();
  await expect(page.getByTestId("post-reply")).toContainText("验证集损失不再上升");
  await page.getByTestId("accept").click();
  await expect(page.getByTestId("accepted")).toBeVisible();
  await expectOnlyChinese(page, content);
  await snap(page, "zh-thread-answered");
  await page.goto(`/discussions?q=${encodeURIComponent("验证集损失")}`);
  await expect(page.getByRole("link", { name: question })).toBeVisible();
  await expectOnlyChinese(page, content);
  // …and the datasets list finds a dataset by a Chinese word of its title.
  await page.goto(`/datasets?q=${encodeURIComponent("鸢尾花")}`);
  await expect(page.locator("main").getByText(`我的鸢尾花 ${s}`).first()).toBeVisible();
  await expectOnlyChinese(page, content);

  for (const where of ["/runs", "/datasets", "/configs", "/leaderboards", `/u/${handle}`, "/settings"]) {
    await page.goto(where);
    await expectOnlyChinese(page, content);
  }
  await snap(page, "zh-settings");

  // The check itself can fail: an English sentence added to the page, or to an accessible name, is found.
  await page.evaluate(() => {
    const p = document.createElement("p");
    p.textContent = "Something went wrong";
    document.querySelector("main")!.append(p);
    document.querySelector("main")!.setAttribute("aria-label", "Your profile");
  });
  const found = await englishOnPage(page, content);
  expect(found.some((f) => f.startsWith("Something «"))).toBe(true);
  expect(found.some((f) => f.startsWith("profile «Your profile» @aria-label"))).toBe(true);
});
