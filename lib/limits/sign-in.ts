import { createHash } from "node:crypto";
import { loadEnv } from "../env";
import { createBackoffGuard, type TBackoffGuard, type TBackoffTicket } from "./backoff";
import { UNKNOWN_CLIENT } from "./client-ip";

/**
 * Sign-in limits: per account (the email typed, whether or not it has an account, so a limit says nothing about
 * which emails are registered) and per client IP, each with backoff. A correct password clears the account's record
 * and gives the IP its attempt back; a wrong one stays counted.
 */
type TSignInGuards = { account: TBackoffGuard; ip: TBackoffGuard };

const globalForSignIn = globalThis as unknown as { trainyardSignInGuards?: TSignInGuards };

function guards(): TSignInGuards {
  if (!globalForSignIn.trainyardSignInGuards) {
    const env = loadEnv();
    const wait = {
      minWaitSeconds: env.SIGNIN_BACKOFF_SECONDS,
      maxWaitSeconds: Math.max(env.SIGNIN_BACKOFF_MAX_SECONDS, env.SIGNIN_BACKOFF_SECONDS),
    };
    globalForSignIn.trainyardSignInGuards = {
      account: createBackoffGuard("signInAccount", { free: env.RATE_LIMIT_SIGNIN_ACCOUNT, ...wait }),
      ip: createBackoffGuard("signInIp", { free: env.RATE_LIMIT_SIGNIN_IP, ...wait }),
    };
  }
  return globalForSignIn.trainyardSignInGuards;
}

/** Emails stay out of Redis: the key is a hash of the address as sign-in normalises it (trimmed, lower case). */
export const signInAccountKey = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");

/** `ip` is null when the client's address is unknown (no trusted proxy): no per-IP backoff then. */
export type TSignInTicket = { account: TBackoffTicket; ip: TBackoffTicket | null };
export type TSignInAttempt = { email: string; ip: string };

/**
 * Call before checking a password: throws RateLimitedError while the IP or the account must wait. The IP goes first,
 * so a blocked IP spends none of the account's attempts.
 */
export async function beginSignIn({ email, ip }: TSignInAttempt): Promise<TSignInTicket> {
  // Without a trusted proxy every client is UNKNOWN_CLIENT: counting them together would let anyone's wrong
  // passwords put every account's sign-in into backoff. The per-account limit still applies.
  const ipTicket = ip === UNKNOWN_CLIENT ? null : await guards().ip.attempt(ip);
  const account = await guards().account.attempt(signInAccountKey(email));
  return { account, ip: ipTicket };
}

/** The password was right. */
export async function signInSucceeded(ticket: TSignInTicket): Promise<void> {
  await Promise.all([guards().account.reset(ticket.account.key), ticket.ip ? guards().ip.refund(ticket.ip) : null]);
}

/** Seconds before this email from this IP may try again (0: now), without using an attempt. */
export async function signInWaitSeconds({ email, ip }: TSignInAttempt): Promise<number> {
  const [byIp, byAccount] = await Promise.all([
    ip === UNKNOWN_CLIENT ? 0 : guards().ip.waitSeconds(ip),
    guards().account.waitSeconds(signInAccountKey(email)),
  ]);
  return Math.max(byIp, byAccount);
}
