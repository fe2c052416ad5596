import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, RateLimitedError } from "@/lib/errors";
import { loadEnv } from "@/lib/env";

const session = vi.hoisted(() => ({ user: null as { id: string; handle: string; name: string | null } | null }));
const consumed = vi.hoisted(() => ({ calls: [] as string[][], refuse: null as string | null }));

vi.mock("./auth", async () => {
  const { AppError: E } = await import("@/lib/errors");
  return {
    requireUser: vi.fn(async () => {
      if (!session.user) throw new E("UNAUTHENTICATED");
      return session.user;
    }),
    currentUser: vi.fn(async () => session.user),
  };
});
vi.mock("@/lib/limits", async () => {
  const { RateLimitedError: R } = await import("@/lib/errors");
  return {
    consume: vi.fn(async (name: string, key: string) => {
      consumed.calls.push([name, key]);
      if (name === consumed.refuse) throw new R(name, 90);
    }),
  };
});

const { route } = await import("./route-handler");

const ada = { id: "user-ada", handle: "ada", name: "Ada" };
const noParams = { params: Promise.resolve({}) };
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://site/api/x", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });

beforeEach(() => {
  session.user = ada;
  consumed.calls = [];
  consumed.refuse = null;
});

describe("route()", () => {
  it('auth "user": 401 signed out, and the handler never runs', async () => {
    const handler = vi.fn((_context: { actor: unknown }) => ({ ok: true }));
    const GET = route({ auth: "user" }, handler);
    session.user = null;
    expect(await json(await GET(new Request("http://site/api/x"), noParams))).toEqual({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED", fields: {} } },
    });
    expect(handler).not.toHaveBeenCalled();
    session.user = ada;
    expect(await json(await GET(new Request("http://site/api/x"), noParams))).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(handler.mock.calls[0]![0].actor).toEqual(ada);
  });

  it('auth "optional" gives the viewer or null; "none" reads no session', async () => {
    const GET = route({ auth: "optional" }, ({ actor }) => ({ who: actor?.handle ?? null }));
    session.user = null;
    expect((await json(await GET())).body).toEqual({ who: null });
    session.user = ada;
    expect((await json(await GET())).body).toEqual({ who: "ada" });
    const open = route({ auth: "none" }, ({ actor }) => ({ actor }));
    expect((await json(await open())).body).toEqual({ actor: null });
  });

  it("write: counts the write limit (and those named) through requireWriter before the handler; over it, 429 with Retry-After", async () => {
    const handler = vi.fn(() => ({ done: true }));
    const POST = route({ auth: "user", write: ["upload"], status: 201 }, handler);
    expect(await json(await POST(post("{}"), noParams))).toEqual({ status: 201, body: { done: true } });
    expect(consumed.calls).toEqual([
      ["apiWrite", ada.id],
      ["upload", ada.id],
    ]);

    consumed.refuse = "upload";
    const refused = await POST(post("{}"), noParams);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("90");
    expect(await refused.json()).toEqual({ error: { code: "RATE_LIMITED", limit: "upload", retryAfter: 90 } });
    expect(handler).toHaveBeenCalledTimes(1);

    session.user = null;
    expect((await POST(post("{}"), noParams)).status).toBe(401);
  });

  it("maps what the handler throws: 403, 404, 409 with fields, a bare 500 for anything unknown", async () => {
    const thrower = (error: unknown) =>
      route({ auth: "optional" }, () => {
        throw error;
      });
    expect((await thrower(new AppError("FORBIDDEN"))()).status).toBe(403);
    expect((await thrower(new AppError("NOT_FOUND"))()).status).toBe(404);
    expect(await json(await thrower(new AppError("CONFLICT", { slug: "slug.taken" }))())).toEqual({
      status: 409,
      body: { error: { code: "CONFLICT", fields: { slug: "slug.taken" } } },
    });
    expect(await json(await thrower(new Error("db password is hunter2"))())).toEqual({
      status: 500,
      body: { error: { code: "INTERNAL" } },
    });
  });

  it("parses the body with zod: 422 with field errors; malformed JSON 422; past the size limit 413 before reading", async () => {
    const POST = route(
      { auth: "user", write: true, body: z.object({ name: z.string().max(3, "name.tooLong"), n: z.number() }) },
      ({ body }) => ({ got: body }),
    );
    expect(await json(await POST(post(JSON.stringify({ name: "abc", n: 1 })), noParams))).toEqual({
      status: 200,
      body: { got: { name: "abc", n: 1 } },
    });
    expect(await json(await POST(post(JSON.stringify({ name: "abcd", n: "x" })), noParams))).toEqual({
      status: 422,
      body: { error: { code: "INVALID_INPUT", fields: { name: "name.tooLong", n: "invalid" } } },
    });
    expect(await json(await POST(post("{not json"), noParams))).toEqual({
      status: 422,
      body: { error: { code: "INVALID_INPUT", fields: { body: "invalid" } } },
    });
    const max = loadEnv().REQUEST_JSON_MAX_BYTES;
    const big = await POST(post(JSON.stringify({ name: "a".repeat(max) })), noParams);
    expect(await json(big)).toEqual({
      status: 413,
      body: { error: { code: "PAYLOAD_TOO_LARGE", fields: { body: "body.tooLarge" }, maxBytes: max } },
    });
  });

  it("parses the query with zod (422 with fields) and the path parameters (a refused one is 404)", async () => {
    const GET = route(
      {
        auth: "none",
        query: z.object({ page: z.coerce.number().int().min(1) }),
        params: z.object({ id: z.string().regex(/^r_/) }),
      },
      ({ query, params }) => ({ page: query.page, id: params.id }),
    );
    const at = (q: string, id: string) =>
      GET(new Request(`http://site/api/x?${q}`), { params: Promise.resolve({ id }) });
    expect(await json(await at("page=2", "r_1"))).toEqual({ status: 200, body: { page: 2, id: "r_1" } });
    expect(await json(await at("page=zero", "r_1"))).toEqual({
      status: 422,
      body: { error: { code: "INVALID_INPUT", fields: { page: "invalid" } } },
    });
    expect(await json(await at("page=2", "nope"))).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", fields: {} } },
    });
  });

  it("answers data as JSON with the given status and headers, and passes a handler's own Response through", async () => {
    const data = route({ auth: "none", status: 201, headers: { "cache-control": "no-store" } }, () => ({ a: 1 }));
    const answered = await data();
    expect([answered.status, answered.headers.get("cache-control"), await answered.json()]).toEqual([
      201,
      "no-store",
      { a: 1 },
    ]);
    const own = route(
      { auth: "none", status: 201 },
      () => new Response("raw", { status: 206, headers: { "x-own": "1" } }),
    );
    const passed = await own();
    expect([passed.status, passed.headers.get("x-own"), await passed.text()]).toEqual([206, "1", "raw"]);
  });

  it("answers a rate limit thrown by the handler (a stream cap) like any other", async () => {
    const GET = route({ auth: "optional" }, () => {
      throw new RateLimitedError("liveStreams", 5);
    });
    const response = await GET();
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "5"]);
  });
});
