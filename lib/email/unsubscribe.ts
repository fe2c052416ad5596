import { createHmac, timingSafeEqual } from "node:crypto";
import { getPrisma, type TDb } from "../db";
import { loadEnv, publicOrigin } from "../env";
import { AppError } from "../errors";
import { isLookupKey } from "../validation";

/*
 * One-click unsubscribe (RFC 8058) without a table: the token is the user's id and an HMAC of it under AUTH_SECRET,
 * so a digest's link keeps working for as long as the secret stays the same (rotating it, as for sessions, voids old
 * links: the settings switch still works). The purpose is part of the signed text, so no other HMAC made from the same
 * secret can pass for one.
 */

const PURPOSE = "trainyard:email-unsubscribe:";

const signature = (userId: string) =>
  createHmac("sha256", loadEnv().AUTH_SECRET).update(`${PURPOSE}${userId}`).digest("base64url");

/** The token of a user's unsubscribe links: `<userId>.<signature>`. */
export function unsubscribeToken(userId: string): string {
  return `${userId}.${signature(userId)}`;
}

/** The absolute link a digest puts in List-Unsubscribe: POST turns digests off (one click), GET shows a page. */
export function unsubscribeUrl(userId: string): string {
  return `${publicOrigin()}/api/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(userId))}`;
}

/** The user id a token was made for, or null for anything else (cut short, altered, signed with another secret). */
export function verifyUnsubscribeToken(token: unknown): string | null {
  if (typeof token !== "string" || token.length > 200 || !isLookupKey(token)) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const userId = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(userId));
  // timingSafeEqual needs equal lengths; the length of a valid signature is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/**
 * A link that is not one of ours. 400 rather than 422: nothing about the request can be corrected, only the link
 * from the e-mail used as it was sent. The message is for mail clients and scripts, which get no interface.
 */
export class UnsubscribeTokenError extends AppError {
  override readonly status = 400;

  constructor() {
    super("INVALID_INPUT", { token: "invalid" }, { key: "emailUnsubscribe.invalid" });
    this.name = "UnsubscribeTokenError";
  }

  override details() {
    return {
      fields: this.fieldErrors,
      message:
        "This unsubscribe link is not valid: it was cut short or altered. Use the link of your latest digest, or turn e-mail digests off in your settings.",
    };
  }
}

/**
 * Turns e-mail digests off for the token's user (UnsubscribeTokenError for a bad token, changing nothing). Idempotent:
 * a second click, or an account deleted since, is still a success.
 */
export async function unsubscribeWithToken(token: unknown, db: TDb = getPrisma()): Promise<void> {
  const userId = verifyUnsubscribeToken(token);
  if (!userId) throw new UnsubscribeTokenError();
  await db.user.updateMany({ where: { id: userId }, data: { emailDigest: false } });
}
