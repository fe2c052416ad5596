import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "../factories/users";
import { EnvError, loadEnv, parseEnv } from "../env";
import { RateLimitedError } from "../errors";
import { errorResponse } from "../http";
import { disconnectRedis } from "../redis";
import { createBackoffGuard, type TBackoffSpec } from "./backoff";
import { clientIp, UNKNOWN_CLIENT } from "./client-ip";
import { consume, consumePost, isLimiterRefusal, NEW_ACCOUNT_MS, refund } from "./limits";
import { beginSignIn, signInSucceeded, signInWaitSeconds } from "./sign-in";
import { createLimiter, firstConnection } from "./store";

const clients: Redis[] = [];
/** Another connection, as another web process would have. */
function otherProcessRedis() {
  const client = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: null });
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await disconnectRedis();
});

async function rejection(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

/** Polls a condition (no fixed sleeps): waits run out on their own in Redis. */
async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("named limits", () => {
  it("lets the configured number through, then answers RATE_LIMITED with a retry-after, per key", async () => {
    const { points, seconds } = loadEnv().RATE_LIMIT_UPLOAD;
    const user = `user-${uniqueSuffix()}`;
    for (let i = 0; i < points; i++) await consume("upload", user);
    const error = await rejection(consume("upload", user));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.limit).toBe("upload");
    expect(error.retryAfterSeconds).toBeGreaterThan(seconds - 5);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(seconds);
    // Another user is not affected.
    await consume("upload", `user-${uniqueSuffix()}`);
  });

  it("becomes a 429 with a Retry-After header in route handlers", async () => {
    const response = errorResponse(new RateLimitedError("apiWrite", 42));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await response.json()).toEqual({ error: { code: "RATE_LIMITED", limit: "apiWrite", retryAfter: 42 } });
  });

  it("a refund gives a use back", async () => {
    const { points } = loadEnv().RATE_LIMIT_SIGNUP;
    const ip = `ip-${uniqueSuffix()}`;
    for (let i = 0; i < points; i++) await consume("signUp", ip);
    await refund("signUp", ip);
    await consume("signUp", ip);
    await rejection(consume("signUp", ip));
  });

  it("is shared by every process (one counter in Redis) and exact under parallel requests", async () => {
    const prefix = `test-${uniqueSuffix()}`;
    const a = createLimiter("shared", { points: 7, seconds: 60 }, { prefix });
    const other = otherProcessRedis();
    const b = createLimiter("shared", { points: 7, seconds: 60 }, { prefix, client: other });
    await Promise.all([firstConnection(), firstConnection(other)]);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume("k")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
  });

  it("keeps limiting in the process, without hanging, while Redis is unreachable", async () => {
    const down = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: null,
      lazyConnect: false,
      retryStrategy: () => 1000,
    });
    down.on("error", () => undefined);
    clients.push(down);
    const limiter = createLimiter(
      "insured",
      { points: 2, seconds: 60 },
      { prefix: `test-${uniqueSuffix()}`, client: down },
    );
    await limiter.consume("k");
    await limiter.consume("k");
    await expect(limiter.consume("k")).rejects.toMatchObject({ remainingPoints: 0 });
  });
});

describe("the posting limit", () => {
  it("holds an account younger than a day to the stricter limit as well, an older one to the per-user one", async () => {
    const now = new Date();
    const fresh = { id: `user-${uniqueSuffix()}`, createdAt: new Date(now.getTime() - NEW_ACCOUNT_MS + 60_000) };
    const older = { id: `user-${uniqueSuffix()}`, createdAt: new Date(now.getTime() - NEW_ACCOUNT_MS) };
    for (let i = 0; i < 10; i++) await consumePost(fresh, now);
    expect((await rejection(consumePost(fresh, now))).limit).toBe("postNewAccount");
    for (let i = 0; i < 30; i++) await consumePost(older, now);
    expect((await rejection(consumePost(older, now))).limit).toBe("post");
  });
});

describe("backoff", () => {
  const spec: TBackoffSpec = { free: { points: 3, seconds: 600 }, minWaitSeconds: 1, maxWaitSeconds: 2 };
  const guard = (s: TBackoffSpec = spec) => createBackoffGuard("test", s, { prefix: `test-${uniqueSuffix()}` });

  it("lets the free attempts through, then makes each further one wait longer, up to the maximum", async () => {
    const g = guard();
    for (let i = 0; i < 3; i++) await g.attempt("k"); // 3 free (the third takes the first 1 s slot)
    expect((await rejection(g.attempt("k"))).retryAfterSeconds).toBe(1);
    expect(await g.waitSeconds("k")).toBe(1);

    await until(async () => (await g.waitSeconds("k")) === 0);
    await g.attempt("k"); // one attempt per wait …
    expect((await rejection(g.attempt("k"))).retryAfterSeconds).toBe(2); // … and the next wait is twice as long

    await until(async () => (await g.waitSeconds("k")) === 0);
    await g.attempt("k");
    expect((await rejection(g.attempt("k"))).retryAfterSeconds).toBe(2); // capped
    // Another key is untouched.
    await g.attempt("other");
  });

  it("a reset (a correct password) forgets the key's failures and waits", async () => {
    const g = guard({ ...spec, minWaitSeconds: 300, maxWaitSeconds: 600 });
    for (let i = 0; i < 3; i++) await g.attempt("k");
    await rejection(g.attempt("k"));
    await g.reset("k");
    expect(await g.waitSeconds("k")).toBe(0);
    for (let i = 0; i < 3; i++) await g.attempt("k");
    expect((await rejection(g.attempt("k"))).retryAfterSeconds).toBe(300); // starts again at the first wait
  });

  it("lets no more than the free attempts and one slot through a burst of parallel attempts", async () => {
    const g = guard({ ...spec, minWaitSeconds: 300, maxWaitSeconds: 600 });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => g.attempt("k")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  });

  it("a refund returns a free attempt", async () => {
    const g = guard({ ...spec, minWaitSeconds: 300, maxWaitSeconds: 600 });
    const ticket = await g.attempt("k");
    await g.refund(ticket);
    for (let i = 0; i < 3; i++) await g.attempt("k");
    await rejection(g.attempt("k"));
  });
});

describe("sign-in limits", () => {
  const env = loadEnv();

  it("block an email after the free attempts whatever the IP, and a correct password clears them", async () => {
    const email = `Someone-${uniqueSuffix()}@Example.test`;
    const ip = () => `ip-${uniqueSuffix()}`;
    let last = await beginSignIn({ email, ip: ip() });
    for (let i = 1; i < env.RATE_LIMIT_SIGNIN_ACCOUNT.points; i++)
      last = await beginSignIn({ email: email.toLowerCase(), ip: ip() });
    const error = await rejection(beginSignIn({ email: ` ${email.toUpperCase()} `, ip: ip() }));
    expect(error.limit).toBe("signInAccount");
    expect(error.retryAfterSeconds).toBe(env.SIGNIN_BACKOFF_SECONDS);
    expect(await signInWaitSeconds({ email, ip: ip() })).toBe(env.SIGNIN_BACKOFF_SECONDS);

    await signInSucceeded(last);
    expect(await signInWaitSeconds({ email, ip: ip() })).toBe(0);
    await beginSignIn({ email, ip: ip() });
  });

  it("block an IP after its free attempts whatever the email; correct passwords do not count", async () => {
    const ip = `ip-${uniqueSuffix()}`;
    const ok = await beginSignIn({ email: `ok-${uniqueSuffix()}@example.test`, ip });
    await signInSucceeded(ok);
    for (let i = 0; i < env.RATE_LIMIT_SIGNIN_IP.points; i++)
      await beginSignIn({ email: `x-${uniqueSuffix()}@example.test`, ip });
    const error = await rejection(beginSignIn({ email: `y-${uniqueSuffix()}@example.test`, ip }));
    expect(error.limit).toBe("signInIp");
  });
});

describe("limit settings", () => {
  const base = { DATABASE_URL: "postgresql://x", REDIS_URL: "redis://x", AUTH_SECRET: "x".repeat(32) };
  it('read "<points>/<window>" with s, m, h or d, and default sensibly', () => {
    const env = parseEnv({ ...base, RATE_LIMIT_UPLOAD: "3/90s", RATE_LIMIT_API_WRITE: "1000/1d" });
    expect(env.RATE_LIMIT_UPLOAD).toEqual({ points: 3, seconds: 90 });
    expect(env.RATE_LIMIT_API_WRITE).toEqual({ points: 1000, seconds: 86_400 });
    expect(env.RATE_LIMIT_SIGNUP).toEqual({ points: 10, seconds: 3600 });
    expect(env.RATE_LIMIT_SIGNIN_ACCOUNT).toEqual({ points: 5, seconds: 3600 });
  });
  it.each(["10", "10/h", "ten/1h", "10/1w", "0/1h", "5/0m"])("refuse %j, naming the variable", (value) => {
    expect(() => parseEnv({ ...base, RATE_LIMIT_SIGNUP: value })).toThrow(EnvError);
    try {
      parseEnv({ ...base, RATE_LIMIT_SIGNUP: value });
    } catch (error) {
      expect((error as EnvError).problems[0]).toMatch(/^RATE_LIMIT_SIGNUP /);
    }
  });
});

describe("sign-in without a known client address", () => {
  it("skips the per-IP backoff, so strangers' wrong passwords cannot slow everyone's sign-in", async () => {
    const env = loadEnv();
    for (let i = 0; i < env.RATE_LIMIT_SIGNIN_IP.points + 3; i++)
      await beginSignIn({ email: `x-${uniqueSuffix()}@example.test`, ip: UNKNOWN_CLIENT });
    await expect(beginSignIn({ email: `y-${uniqueSuffix()}@example.test`, ip: UNKNOWN_CLIENT })).resolves.toMatchObject(
      { ip: null },
    );
  });
});

describe("clientIp", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it.each([
    [0, { "x-forwarded-for": "1.2.3.4" }, "local"],
    [0, { "x-real-ip": "1.2.3.4" }, "local"],
    [0, {}, "local"],
    [1, { "x-forwarded-for": "6.6.6.6, 1.2.3.4" }, "1.2.3.4"],
    [2, { "x-forwarded-for": "6.6.6.6, 1.2.3.4, 10.0.0.2" }, "1.2.3.4"],
    [1, { "x-real-ip": "1.2.3.4" }, "1.2.3.4"],
    // Fewer hops than trusted proxies: the one entry is the client's own word.
    [3, { "x-forwarded-for": "1.2.3.4" }, "local"],
    [1, {}, "local"],
  ])("TRUST_PROXY=%i %j → %s", (trust, h, expected) => {
    expect(clientIp(headers(h), trust)).toBe(expected);
  });
});

describe("isLimiterRefusal", () => {
  it("knows the limiter's refusal by its fields, also from another copy of the class, and nothing else", () => {
    expect(
      isLimiterRefusal({ remainingPoints: 0, msBeforeNext: 1200, consumedPoints: 11, isFirstInDuration: false }),
    ).toBe(true);
    expect(isLimiterRefusal(new Error("redis down"))).toBe(false);
    expect(isLimiterRefusal(null)).toBe(false);
    expect(isLimiterRefusal({ msBeforeNext: "soon" })).toBe(false);
  });
});
