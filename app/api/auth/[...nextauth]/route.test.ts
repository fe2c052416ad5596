import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET, POST } from "./route";

// Found by e2e/fuzz.spec.ts: Auth.js answers a callbackUrl it cannot parse with a 500 "server configuration" error.
describe("Auth.js route: a callbackUrl that is not a URL", () => {
  const url = (q: string) => `http://127.0.0.1:3000/api/auth/session${q}`;

  it("is a 400 from GET and POST (query or cookie), not a 500", async () => {
    for (const bad of ["1e3", "javascript:alert(1)", "http://[::1"]) {
      const get = await GET(new NextRequest(url(`?callbackUrl=${encodeURIComponent(bad)}`)));
      expect(get.status, bad).toBe(400);
      expect(await get.json()).toEqual({ error: { code: "INVALID_INPUT", fields: { callbackUrl: "invalid" } } });
    }
    const repeated = await GET(new NextRequest(url("?callbackUrl=%2F&callbackUrl=1e3")));
    expect(repeated.status).toBe(400);
    const cookie = await GET(new NextRequest(url(""), { headers: { cookie: "authjs.callback-url=1e3" } }));
    expect(cookie.status).toBe(400);
    const post = await POST(new NextRequest(url("?callbackUrl=1e3"), { method: "POST", body: "" }));
    expect(post.status).toBe(400);
  });

  it("leaves good callback URLs to Auth.js", async () => {
    const ok = await GET(new NextRequest(url("?callbackUrl=%2Fdatasets")));
    expect(ok.status).toBe(200);
  });
});
