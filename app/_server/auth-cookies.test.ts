import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * Session and CSRF cookies are Secure whenever the public URL (AUTH_URL) is https, even when the request reaching
 * us says http (a TLS proxy that does not send X-Forwarded-Proto).
 */
async function csrfCookie(authUrl: string | undefined) {
  vi.resetModules();
  vi.stubEnv("AUTH_URL", authUrl ?? "");
  const { handlers } = await import("./auth");
  const { NextRequest } = await import("next/server");
  const response = await handlers.GET(new NextRequest("http://127.0.0.1:3000/api/auth/csrf"));
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((c) => /csrf-token=/.test(c)) ?? "";
}

afterEach(() => vi.unstubAllEnvs());

describe("auth cookies", () => {
  it("are Secure (and __Host- prefixed) when the public URL is https, whatever the request's scheme", async () => {
    const cookie = await csrfCookie("https://trainyard.example");
    expect(cookie).toMatch(/^__Host-authjs\.csrf-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("follow the request when the public URL is http (local development)", async () => {
    const cookie = await csrfCookie(undefined);
    expect(cookie).toMatch(/^authjs\.csrf-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
