import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { getPrisma } from "@/lib/db";
import { unsubscribeToken } from "@/lib/email/unsubscribe";
import { createUser } from "@/lib/factories/users";
import { crossOriginRefusal } from "@/lib/security/origin";

// No session is read ("auth: none"); the mock only keeps next-auth out of the test, as the other route tests do.
vi.mock("../../../_server/auth", () => ({
  currentUser: async () => null,
  requireUser: async () => {
    throw new AppError("UNAUTHENTICATED");
  },
}));
const { GET, POST } = await import("./route");

const URL_OF = (token: string) => `http://localhost/api/email/unsubscribe?token=${encodeURIComponent(token)}`;
/** What a mail provider sends for RFC 8058: a form body, no cookies, no Origin. */
const oneClick = (token: string, headers: Record<string, string> = {}) =>
  POST(
    new Request(URL_OF(token), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: "List-Unsubscribe=One-Click",
    }),
  );
const digestOf = async (userId: string) =>
  (await getPrisma().user.findUniqueOrThrow({ where: { id: userId }, select: { emailDigest: true } })).emailDigest;

describe("/api/email/unsubscribe", () => {
  it("GET only leads to the confirmation page: opening the link (a mail scanner) changes nothing", async () => {
    const ana = await createUser();
    const token = unsubscribeToken(ana.id);
    const response = await GET(new Request(URL_OF(token)));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/email/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(await digestOf(ana.id)).toBe(true);
  });

  it("POST (one click, signed out, no Origin) turns the token's user's digests off, twice alike", async () => {
    const [ana, bob] = await Promise.all([createUser(), createUser()]);
    // proxy.ts lets it through: no Origin and no Fetch Metadata is not a browser page of another site.
    expect(
      crossOriginRefusal({ method: "POST", pathname: "/api/email/unsubscribe", headers: new Headers() }),
    ).toBeNull();
    for (let i = 0; i < 2; i++) {
      const response = await oneClick(unsubscribeToken(ana.id));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ unsubscribed: true });
    }
    expect([await digestOf(ana.id), await digestOf(bob.id)]).toEqual([false, true]);
  });

  it("sends the confirmation page's form back to the page", async () => {
    const ana = await createUser();
    const response = await oneClick(unsubscribeToken(ana.id), { accept: "text/html,application/xhtml+xml" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/email/unsubscribe?done=1");
    expect(await digestOf(ana.id)).toBe(false);
  });

  it("400 with a clear message for a forged, altered or missing token, changing nothing", async () => {
    const [ana, bob] = await Promise.all([createUser(), createUser()]);
    const signature = unsubscribeToken(ana.id).split(".").pop()!;
    for (const token of [`${bob.id}.${signature}`, unsubscribeToken(bob.id).slice(0, -2), ""]) {
      const response = await oneClick(token);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; fields: object; message: string } };
      expect(body.error).toMatchObject({ code: "INVALID_INPUT", fields: { token: "invalid" } });
      expect(body.error.message).toMatch(/unsubscribe link is not valid/);
    }
    const bare = await POST(new Request("http://localhost/api/email/unsubscribe", { method: "POST" }));
    expect(bare.status).toBe(400);
    expect([await digestOf(ana.id), await digestOf(bob.id)]).toEqual([true, true]);
  });
});
