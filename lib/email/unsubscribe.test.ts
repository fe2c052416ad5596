import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { failure } from "../factories/failure";
import { createUser } from "../factories/users";
import { unsubscribeToken, unsubscribeWithToken, verifyUnsubscribeToken } from "./unsubscribe";

const digestOf = async (userId: string) =>
  (await getPrisma().user.findUniqueOrThrow({ where: { id: userId }, select: { emailDigest: true } })).emailDigest;

describe("unsubscribe tokens", () => {
  it("name the user they were made for", () => {
    expect(verifyUnsubscribeToken(unsubscribeToken("user-a"))).toBe("user-a");
  });

  it("refuse anything altered, cut short, moved to another user or not a token at all", () => {
    const token = unsubscribeToken("user-a");
    const signature = token.slice(token.lastIndexOf(".") + 1);
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const forged of [
      `user-b.${signature}`, // another user's id under a's signature
      `user-a.${flipped}`,
      token.slice(0, -1),
      `${token}x`,
      "user-a",
      `.${signature}`,
      "user-a.",
      `user-a\u0000.${signature}`,
      `${"a".repeat(300)}.${signature}`,
      "",
      undefined,
      ["user-a", signature],
    ])
      expect(verifyUnsubscribeToken(forged)).toBeNull();
  });

  it("turn digests off for their user only, idempotently; a forged one changes nothing (400)", async () => {
    const [ana, bob] = await Promise.all([createUser(), createUser()]);
    const forged = `${bob.id}.${unsubscribeToken(ana.id).split(".").pop()}`;
    const error = await failure(unsubscribeWithToken(forged));
    expect(error).toMatchObject({ code: "INVALID_INPUT", status: 400, fieldErrors: { token: "invalid" } });
    expect([await digestOf(ana.id), await digestOf(bob.id)]).toEqual([true, true]);

    await unsubscribeWithToken(unsubscribeToken(ana.id));
    await unsubscribeWithToken(unsubscribeToken(ana.id));
    expect([await digestOf(ana.id), await digestOf(bob.id)]).toEqual([false, true]);
  });
});
