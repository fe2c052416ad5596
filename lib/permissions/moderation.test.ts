import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { canAcceptAnswer, canLockThread } from "./discussions";
import { canModerate, canSeeHidden, canSetRole, canSuspend, effectiveRole, isAdmin } from "./moderation";

const user = { id: "u", role: "USER" as const };
const mod = { id: "m", role: "MODERATOR" as const };
const admin = { id: "a", role: "ADMIN" as const };

describe("roles", () => {
  it("moderators and admins moderate; only admins administer; nobody without a loaded role", () => {
    expect([null, { id: "x" }, user, mod, admin].map(canModerate)).toEqual([false, false, false, true, true]);
    expect([null, { id: "x" }, user, mod, admin].map(isAdmin)).toEqual([false, false, false, false, true]);
  });

  it("ADMIN_HANDLES makes listed handles admins, case-insensitively, whatever the stored role", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://x/y",
      REDIS_URL: "redis://x",
      AUTH_SECRET: "s".repeat(32),
      ADMIN_HANDLES: " Ada, grace ,,",
    });
    expect(env.ADMIN_HANDLES).toEqual(["ada", "grace"]);
    expect(effectiveRole({ handle: "ada", role: "USER" }, env.ADMIN_HANDLES)).toBe("ADMIN");
    expect(effectiveRole({ handle: "bob", role: "MODERATOR" }, env.ADMIN_HANDLES)).toBe("MODERATOR");
    expect(
      parseEnv({ DATABASE_URL: "postgresql://x/y", REDIS_URL: "redis://x", AUTH_SECRET: "s".repeat(32) }).ADMIN_HANDLES,
    ).toEqual([]);
  });

  it("an admin sets others' roles, never their own nor one from ADMIN_HANDLES", () => {
    expect(canSetRole(admin, { id: "b", fromConfig: false })).toBe(true);
    expect(canSetRole(admin, { id: "a", fromConfig: false })).toBe(false);
    expect(canSetRole(admin, { id: "b", fromConfig: true })).toBe(false);
    expect(canSetRole(mod, { id: "b", fromConfig: false })).toBe(false);
  });

  it("moderators suspend members; admins also moderators; nobody themselves or an admin", () => {
    expect(canSuspend(mod, { id: "b", role: "USER" })).toBe(true);
    expect(canSuspend(mod, { id: "b", role: "MODERATOR" })).toBe(false);
    expect(canSuspend(admin, { id: "b", role: "MODERATOR" })).toBe(true);
    expect(canSuspend(admin, { id: "b", role: "ADMIN" })).toBe(false);
    expect(canSuspend(mod, { id: "m", role: "USER" })).toBe(false);
    expect(canSuspend(user, { id: "b", role: "USER" })).toBe(false);
  });

  it("hidden things: moderators see the content, the author the reason, others nothing", () => {
    expect(canSeeHidden(mod, { authorId: "u" })).toBe("content");
    expect(canSeeHidden(user, { authorId: "u" })).toBe("reason");
    expect(canSeeHidden({ id: "z" }, { authorId: "u" })).toBe("none");
    expect(canSeeHidden(null, { authorId: "u" })).toBe("none");
    expect(canSeeHidden(user, { authorId: null })).toBe("none");
  });

  it("moderators also accept answers and lock threads; members only their own", () => {
    const question = { authorId: "q", kind: "QUESTION" };
    expect(canAcceptAnswer(mod, question)).toBe(true);
    expect(canAcceptAnswer(user, question)).toBe(false);
    expect(canAcceptAnswer({ id: "q" }, question)).toBe(true);
    expect(canAcceptAnswer(mod, { authorId: "q", kind: "DISCUSSION" })).toBe(false);
    expect(canLockThread(mod, question)).toBe(true);
    expect(canLockThread(user, question)).toBe(false);
    expect(canLockThread({ id: "q", role: "USER" }, question)).toBe(true);
  });
});
