import { expect, test } from "@playwright/test";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { createSampleDataset } from "../lib/factories/datasets";
import { createUser, signInViaApi, snap } from "./fixtures";
import { zhMessage as z } from "./locale";

const htmlLang = (html: string) => /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1];

test("the signed-out page cache keeps one copy per locale and never serves one language to a reader of the other", async ({
  playwright,
  baseURL,
}) => {
  const owner = await createUser();
  const { dataset } = await createSampleDataset("iris", owner).finally(disconnectPrisma);
  const url = `/leaderboards/${owner.handle}/${dataset.slug}`;
  const chinese = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "accept-language": "zh-CN,zh;q=0.9" },
  });
  const english = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "accept-language": "en-US,en;q=0.9" },
  });
  const page = async (context: typeof chinese, headers: Record<string, string> = {}) => {
    const response = await context.get(url, { headers });
    expect(response.status()).toBe(200);
    return { state: response.headers()["x-trainyard-cache"], headers: response.headers(), html: await response.text() };
  };

  const zh1 = await page(chinese);
  expect(zh1.state).toBe("MISS");
  expect(htmlLang(zh1.html)).toBe("zh-CN");
  expect(zh1.html).toContain(z("nav.leaderboards"));
  expect(zh1.headers["content-language"]).toBe("zh-CN");
  expect(zh1.headers["vary"]).toMatch(/Accept-Language/i);
  expect(zh1.headers["vary"]).toMatch(/Cookie/i);
  // The English reader's first request is a miss of its own, not the Chinese copy.
  const en1 = await page(english);
  expect(en1.state).toBe("MISS");
  expect(htmlLang(en1.html)).toBe("en");
  expect(en1.html).not.toContain(z("nav.leaderboards"));
  const zh2 = await page(chinese);
  expect(zh2.state).toBe("HIT");
  expect(zh2.html).toBe(zh1.html);
  const en2 = await page(english);
  expect(en2.state).toBe("HIT");
  expect(htmlLang(en2.html)).toBe("en");
  // A chosen language (the switcher's cookie) beats Accept-Language, in the cache as on fresh renders.
  const chose = await page(chinese, { cookie: "NEXT_LOCALE=en" });
  expect(chose.state).toBe("HIT");
  expect(htmlLang(chose.html)).toBe("en");
  expect(htmlLang((await page(english, { cookie: "NEXT_LOCALE=zh-CN" })).html)).toBe("zh-CN");
  // Any Chinese tag reads zh-CN; an unknown cookie value falls back to Accept-Language.
  expect(htmlLang((await page(english, { "accept-language": "zh-TW" })).html)).toBe("zh-CN");
  expect(htmlLang((await page(chinese, { cookie: "NEXT_LOCALE=xx" })).html)).toBe("zh-CN");
  await chinese.dispose();
  await english.dispose();
});

test("a visitor switches language in the header; a user's setting follows them to a browser that asks for English", async ({
  browser,
  baseURL,
}) => {
  const visitor = await browser.newContext({ baseURL, locale: "en-US" });
  const page = await visitor.newPage();
  await page.goto("/datasets");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByTestId("locale-switcher").selectOption("zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(z("datasets.title"));
  expect((await visitor.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("zh-CN");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(z("datasets.title"));
  await snap(page, "zh-header-switched");
  await visitor.close();

  // A signed-in user picks 简体中文 in settings: saved to the account.
  const user = await createUser();
  const first = await browser.newContext({ baseURL, locale: "en-US" });
  await signInViaApi(first.request, user);
  const settings = await first.newPage();
  await settings.goto("/settings");
  await settings.getByLabel("简体中文").check();
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(settings.getByRole("status")).toContainText(z("settings.savedAccount"));
  await snap(settings, "zh-settings-saved");
  const stored = await getPrisma()
    .user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true } })
    .finally(disconnectPrisma);
  expect(stored.locale).toBe("zh-CN");
  await first.close();

  // Another browser, English Accept-Language, no cookie: the setting wins once signed in.
  const second = await browser.newContext({ baseURL, locale: "en-US" });
  const other = await second.newPage();
  await other.goto("/runs");
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await signInViaApi(second.request, user);
  await other.goto("/runs");
  await expect(other.locator("html")).toHaveAttribute("lang", "zh-CN");
  // "Follow my browser" clears the setting: English again here.
  await other.goto("/settings");
  await other.getByRole("radio").first().check();
  await other.getByRole("button", { name: z("settings.save") }).click();
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  const cleared = await getPrisma()
    .user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true } })
    .finally(disconnectPrisma);
  expect(cleared.locale).toBeNull();
  await second.close();
});
