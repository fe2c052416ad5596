import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { createUser, DEFAULT_TEST_PASSWORD, uniqueSuffix } from "../factories/users";
import { registerUser, updateProfile, verifyCredentials } from "./mutations";
import { getUserByHandle } from "./queries";

async function expectAppError(promise: Promise<unknown>, code: string, fields: Record<string, string>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).fieldErrors).toEqual(fields);
}

describe("sign-up", () => {
  it("creates a user with an argon2id hash, never the password, and records the join", async () => {
    const s = uniqueSuffix();
    const user = (await registerUser({
      email: `Ada-${s}@Example.TEST`,
      handle: `Ada-${s}`,
      password: "a long enough secret",
    }))!;
    expect(user.email).toBe(`ada-${s}@example.test`);
    expect(user.handle).toBe(`ada-${s}`);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("a long enough secret");
    const joined = await getPrisma().activity.findMany({ where: { actorId: user.id } });
    expect(joined.map((a) => a.kind)).toEqual(["user.joined"]);
  });

  it("answers a registered email (in any case) like a new one: no error, nothing created or changed", async () => {
    const existing = await createUser();
    const before = await getPrisma().user.findUniqueOrThrow({
      where: { id: existing.id },
      select: { passwordHash: true },
    });
    const handle = `other-${uniqueSuffix()}`;
    const result = await registerUser({
      email: existing.email!.toUpperCase(),
      handle,
      password: "someone else's secret",
    });
    expect(result).toBeNull();
    expect(await getPrisma().user.count({ where: { OR: [{ email: existing.email! }, { handle }] } })).toBe(1);
    const after = await getPrisma().user.findUniqueOrThrow({
      where: { id: existing.id },
      select: { passwordHash: true },
    });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await verifyCredentials({ email: existing.email!, password: "someone else's secret" })).toBeNull();
  });

  it("takes about as long for a registered email as for a new one (the password is hashed either way)", async () => {
    const existing = await createUser();
    const time = async (email: string) => {
      const started = performance.now();
      await registerUser({ email, handle: `t-${uniqueSuffix()}`, password: DEFAULT_TEST_PASSWORD }).catch(() => null);
      return performance.now() - started;
    };
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 7; i++) {
      taken.push(await time(existing.email!));
      fresh.push(await time(`fresh-${uniqueSuffix()}@example.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Before the fix a taken email answered after two lookups (5.8 ms) against a hash plus an insert (70 ms): a ratio
    // near 0.1. With the hash on both paths it is near 1; the bound leaves room for a loaded CI machine (0.49 seen).
    const ratio = median(taken) / median(fresh);
    expect(ratio, `taken ${median(taken).toFixed(1)} ms, new ${median(fresh).toFixed(1)} ms`).toBeGreaterThan(0.25);
  });

  it("rejects a taken handle", async () => {
    const existing = await createUser();
    await expectAppError(
      registerUser({
        email: `new-${uniqueSuffix()}@example.test`,
        handle: existing.handle,
        password: DEFAULT_TEST_PASSWORD,
      }),
      "CONFLICT",
      { handle: "handle.taken" },
    );
  });

  it("keeps one account when the same email signs up twice at once, and neither attempt can tell", async () => {
    const s = uniqueSuffix();
    const attempts = await Promise.allSettled([
      registerUser({ email: `race-${s}@example.test`, handle: `race-a-${s}`, password: DEFAULT_TEST_PASSWORD }),
      registerUser({ email: `race-${s}@example.test`, handle: `race-b-${s}`, password: DEFAULT_TEST_PASSWORD }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual(["fulfilled", "fulfilled"]);
    const created = attempts.map((a) => (a as PromiseFulfilledResult<unknown>).value).filter(Boolean);
    expect(created).toHaveLength(1);
    expect(await getPrisma().user.count({ where: { email: `race-${s}@example.test` } })).toBe(1);
  });

  it.each([
    [{ password: "short" }, { password: "password.tooShort" }],
    [{ password: "" }, { password: "password.required" }],
    [{ email: "not-an-email" }, { email: "email.invalid" }],
    [{ handle: "ab" }, { handle: "handle.tooShort" }],
    [{ handle: "has space" }, { handle: "handle.format" }],
    [{ handle: "settings" }, { handle: "handle.reserved" }],
  ])("rejects bad input %j with a specific message and stores nothing", async (override, fields) => {
    const s = uniqueSuffix();
    const input = { email: `bad-${s}@example.test`, handle: `bad-${s}`, password: DEFAULT_TEST_PASSWORD, ...override };
    const before = await getPrisma().user.count();
    await expectAppError(registerUser(input), "INVALID_INPUT", fields);
    expect(await getPrisma().user.count({ where: { email: input.email } })).toBe(0);
    expect(await getPrisma().user.count()).toBeGreaterThanOrEqual(before);
  });
});

describe("sign-in", () => {
  it("accepts the right password, email in any case", async () => {
    const user = await createUser();
    const signedIn = await verifyCredentials({ email: user.email!.toUpperCase(), password: user.password });
    expect(signedIn).toEqual({ id: user.id, handle: user.handle, name: user.name, email: user.email });
  });

  it("rejects a wrong password and an unknown email the same way", async () => {
    const user = await createUser();
    expect(await verifyCredentials({ email: user.email!, password: "wrong password!" })).toBeNull();
    expect(
      await verifyCredentials({ email: `nobody-${uniqueSuffix()}@example.test`, password: user.password }),
    ).toBeNull();
    expect(await verifyCredentials({ email: "", password: "" })).toBeNull();
  });

  it("rejects password sign-in for an OAuth-only account", async () => {
    const s = uniqueSuffix();
    await getPrisma().user.create({ data: { email: `oauth-${s}@example.test`, handle: `oauth-${s}` } });
    expect(await verifyCredentials({ email: `oauth-${s}@example.test`, password: "anything at all" })).toBeNull();
  });
});

describe("profiles", () => {
  it("never returns the password hash from ordinary queries", async () => {
    const user = await createUser();
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).not.toHaveProperty("passwordHash");
    expect(await getUserByHandle(user.handle.toUpperCase())).toMatchObject({ id: user.id, handle: user.handle });
  });

  it("updates name and bio, validating length", async () => {
    const user = await createUser();
    const updated = await updateProfile({ actor: user, input: { name: "  Ada L.  ", bio: "Trains small CNNs." } });
    expect(updated).toMatchObject({ name: "Ada L.", bio: "Trains small CNNs." });
    await expectAppError(updateProfile({ actor: user, input: { name: "x", bio: "y".repeat(1001) } }), "INVALID_INPUT", {
      bio: "bio.tooLong",
    });
  });
});
