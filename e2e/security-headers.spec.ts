import { expect, test, type APIResponse } from "@playwright/test";
import { disconnectPrisma } from "../lib/db";
import { createConfigFrom } from "../lib/factories/configs";
import { createSampleDataset } from "../lib/factories/datasets";
import { createScoredRun } from "../lib/factories/runs";
import { loadEnv } from "../lib/env";
import { createUser, signInViaApi } from "./fixtures";

/**
 * Issue 12 items 6, 8 and 10: security headers on pages and API routes, cross-site API writes refused, sign-in and
 * API write limits answered with 429 + Retry-After, hostile callbackUrl values, and pages with charts rendering under
 * the CSP. Each test makes its own users, so the limits it trips touch nobody else.
 */
async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

function expectSecurityHeaders(response: APIResponse, what: string) {
  const h = response.headers();
  const csp = h["content-security-policy"] ?? "";
  for (const directive of [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data: blob: https:",
  ]) {
    expect(csp, `${what}: CSP has ${directive}`).toContain(directive);
  }
  expect(csp, `${what}: no eval in production`).not.toContain("unsafe-eval");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["permissions-policy"], what).toContain("camera=()");
}

test("security headers on pages, API routes, cached pages and refusals; HSTS only over TLS", async ({ request }) => {
  for (const path of ["/", "/signin", "/api/health", "/api/configs/schema"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expectSecurityHeaders(response, path);
    expect(response.headers()["strict-transport-security"], `${path} over http`).toBeUndefined();
  }
  // Leaderboards for signed-out visitors come from proxy.ts's page cache from the second request on.
  for (let i = 0; i < 2; i++) expectSecurityHeaders(await request.get("/leaderboards"), `/leaderboards #${i + 1}`);
  // A TLS proxy in front says X-Forwarded-Proto: https.
  const tls = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(tls.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  // The proxy's own 403 carries them too.
  expectSecurityHeaders(
    await request.post("/api/configs", { headers: { origin: "http://evil.example" }, data: {} }),
    "403",
  );
});

test("API writes from another site are refused with 403 before the route runs; our own pages' writes are not", async ({
  page,
  request,
}) => {
  const user = await createUser();
  await signInViaApi(request, user);
  const body = { name: "Changed by a forged request", bio: "" };

  const crossSite: Record<string, string>[] = [
    { origin: "http://evil.example" },
    { origin: "null" },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
    { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
  ];
  for (const headers of crossSite) {
    const refused = await request.patch("/api/account", { headers, data: body });
    expect(refused.status(), JSON.stringify(headers)).toBe(403);
    expect((await refused.json()) as unknown).toMatchObject({ error: { code: "CROSS_ORIGIN" } });
  }
  const account = (await (await request.get("/api/account")).json()) as { user: { name: string | null } };
  expect(account.user.name).not.toBe(body.name);

  // A real browser on another site submitting a form at our API: the browser's own Origin/Sec-Fetch-Site headers.
  await page.route("http://evil.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form method="post" action="${new URL("/api/configs", test.info().project.use.baseURL).href}"><input name="title" value="x"><button>go</button></form>`,
    }),
  );
  await page.goto("http://evil.example/");
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/configs")),
    page.getByRole("button", { name: "go" }).click(),
  ]);
  expect(posted.status()).toBe(403);

  // Same-origin: our own page's fetch goes through (here to a 422 for an invalid body, not a 403).
  await signInViaApi(page.context().request, user);
  await page.goto("/");
  const status = await page.evaluate(
    async () =>
      (await fetch("/api/configs", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }))
        .status,
  );
  expect(status).toBe(422);
});

test("repeated bad sign-ins for one email: 429 with Retry-After, even for the right password, and a clear message in the form", async ({
  page,
  request,
}) => {
  const user = await createUser();
  const { points } = loadEnv().RATE_LIMIT_SIGNIN_ACCOUNT;
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const attempt = (password: string) =>
    request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: user.email!, password, callbackUrl: "/" },
      maxRedirects: 0,
    });

  for (let i = 0; i < points; i++) {
    const wrong = await attempt(`wrong password ${i}`);
    expect(wrong.status(), `attempt ${i + 1}`).toBe(302);
    expect(wrong.headers().location).toContain("code=invalid_credentials");
  }
  const blocked = await attempt(user.password);
  expect(blocked.status()).toBe(429);
  const retryAfter = Number(blocked.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(loadEnv().SIGNIN_BACKOFF_SECONDS);
  expect((await blocked.json()) as unknown).toMatchObject({ error: { code: "RATE_LIMITED", retryAfter } });
  expect(((await (await request.get("/api/auth/session")).json()) as { user?: unknown } | null)?.user).toBeUndefined();

  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email!);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Too many attempts — try again in 1 minute.")).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveCount(0);

  // Another account is not affected by this one's block.
  const other = await createUser();
  await signInViaApi(page.context().request, other);
});

test("API writes per user: 429 with Retry-After past the limit", async ({ request }) => {
  const user = await createUser();
  await signInViaApi(request, user);
  const { points } = loadEnv().RATE_LIMIT_API_WRITE;
  const statuses: number[] = [];
  for (let sent = 0; sent < points; sent += 20) {
    const batch = Array.from({ length: Math.min(20, points - sent) }, () =>
      request.patch("/api/account", { data: { name: "Ada", bio: "" } }),
    );
    statuses.push(...(await Promise.all(batch)).map((r) => r.status()));
  }
  expect(statuses.every((s) => s === 200)).toBe(true);
  const limited = await request.patch("/api/account", { data: { name: "Ada", bio: "" } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()) as unknown).toMatchObject({ error: { code: "RATE_LIMITED", limit: "apiWrite" } });
});

test("hostile callbackUrl values never leave the site and never answer 500", async ({ page, request }) => {
  const hostile = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/x",
    "/%09/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%5C%5Cevil.example",
    "/.//evil.example",
  ];
  const origin = new URL(test.info().project.use.baseURL!).origin;
  for (const value of hostile) {
    const response = await request.get(`/signin?callbackUrl=${encodeURIComponent(value)}`);
    expect(response.status(), JSON.stringify(value)).toBe(200);
  }
  const user = await createUser();
  await signInViaApi(request, user);
  for (const value of hostile) {
    // Signed in, the sign-in page sends you on to the callback: it must stay here.
    const response = await request.get(`/signin?callbackUrl=${encodeURIComponent(value)}`, { maxRedirects: 0 });
    expect(response.status(), JSON.stringify(value)).toBeLessThan(400);
    const location = response.headers().location;
    if (location) expect(new URL(location, origin).origin, JSON.stringify(value)).toBe(origin);
  }
  // Auth.js's own sign-in endpoint with a hostile callbackUrl: redirected on this site, no "Configuration" error.
  const other = await createUser();
  for (const value of hostile) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: other.email!, password: other.password, callbackUrl: value },
      maxRedirects: 0,
    });
    expect(response.status(), JSON.stringify(value)).toBe(302);
    const location = new URL(response.headers().location!, origin);
    expect(location.origin, JSON.stringify(value)).toBe(origin);
    expect(location.searchParams.get("error"), JSON.stringify(value)).toBeNull();
  }
  // Signing in through the form with a hostile callbackUrl lands on this site.
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/\t/evil.example")}`);
  await page.getByLabel("Email").fill(other.email!);
  await page.getByLabel("Password").fill(other.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("header-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(origin);
});

test("pages with charts render under the CSP with no violation reported", async ({ page }) => {
  const owner = await createUser();
  const { dataset } = await seeded(async () => {
    const made = await createSampleDataset("iris", owner);
    const { config, revision } = await createConfigFrom("mlp", { designedForVersionId: made.version.id }, owner);
    await createScoredRun({
      userId: owner.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: made.version.id,
      publicScores: { accuracy: 0.9 },
    });
    return made;
  });
  const reported: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy|Refused to|Permissions-Policy/i.test(m.text()))
      reported.push(m.text());
  });
  page.on("pageerror", (e) => reported.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  for (const path of [
    `/datasets/${owner.handle}/${dataset.slug}?tab=profile`,
    `/leaderboards/${owner.handle}/${dataset.slug}`,
  ]) {
    await page.goto(path);
    await expect(page.locator('[role="img"] svg').first(), path).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []), path).toEqual([]);
  }
  expect(reported).toEqual([]);
});
