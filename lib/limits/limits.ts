import type { RateLimiterRedis } from "rate-limiter-flexible";
import { RateLimiterRes } from "rate-limiter-flexible";
import { getPrisma, type TPrisma } from "../db";
import { loadEnv, ZRate, type TEnv, type TRate } from "../env";
import { RateLimitedError } from "../errors";
import { createLimiter, firstConnection } from "./store";

/**
 * The named rate limits: what each counts, per what key, and the variable that sets it ("<points>/<window>").
 * docs/SECURITY.md lists them with their defaults; a new one needs a row here, a variable in lib/env.ts and a line
 * there. A limit with a fixed `rate` instead of a variable is one that has no variable yet.
 */
/** Environment variables that hold a rate. */
type TRateVariable = { [K in keyof TEnv]-?: TEnv[K] extends TRate ? K : never }[keyof TEnv];
type TLimitDefinition = { env: TRateVariable; per: string } | { rate: string; per: string };

export const LIMITS = {
  /** Sign-up attempts per client IP (lib/limits/client-ip.ts), counted whether or not the email was new. */
  signUp: { env: "RATE_LIMIT_SIGNUP", per: "ip" },
  /** Run submissions and re-runs per user. */
  runSubmit: { env: "RATE_LIMIT_RUN_SUBMIT", per: "user" },
  /** POST/PUT/PATCH/DELETE route handlers under /api per user (app/_server/api-write.ts). */
  apiWrite: { env: "RATE_LIMIT_API_WRITE", per: "user" },
  /** Dataset uploads (new datasets and new versions) per user. */
  upload: { env: "RATE_LIMIT_UPLOAD", per: "user" },
  /** Live-progress stream connections per IP or user. */
  sse: { env: "RATE_LIMIT_SSE", per: "ip or user" },
  /** Posts (new threads, replies, answers) per user (consumePost). */
  post: { rate: "30/1h", per: "user" },
  /**
   * Posts per user whose account is younger than NEW_ACCOUNT_MS and has less than NEW_ACCOUNT_TRUSTED_REPUTATION,
   * on top of `post`.
   */
  postNewAccount: { rate: "10/1h", per: "user (new accounts)" },
  /** Reports (of posts, threads, datasets, configs, users) per user (lib/moderation/reports.ts). */
  report: { rate: "20/1h", per: "user" },
} as const satisfies Record<string, TLimitDefinition>;

export type TLimitName = keyof typeof LIMITS;

const globalForLimits = globalThis as unknown as { trainyardLimiters?: Map<TLimitName, RateLimiterRedis> };

function limiter(name: TLimitName): RateLimiterRedis {
  const limiters = (globalForLimits.trainyardLimiters ??= new Map());
  let found = limiters.get(name);
  if (!found) {
    const def: TLimitDefinition = LIMITS[name];
    const rate = "env" in def ? loadEnv()[def.env] : ZRate.parse(def.rate);
    found = createLimiter(name, rate);
    limiters.set(name, found);
  }
  return found;
}

/** Seconds until the next point comes back, at least 1 (a Retry-After of 0 would invite an instant retry). */
export const retryAfterSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Whether a rejection is the limiter saying "no" (a RateLimiterRes). Recognised by its fields, not its class:
 * rate-limiter-flexible ships CommonJS and ESM builds, and a bundle can hold both, so `instanceof` fails between them
 * (seen in the production build: a limited request answered 500).
 */
export function isLimiterRefusal(error: unknown): error is RateLimiterRes {
  if (error instanceof RateLimiterRes) return true;
  const e = error as Partial<Record<keyof RateLimiterRes, unknown>> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    !(e instanceof Error) &&
    typeof e.msBeforeNext === "number" &&
    typeof e.remainingPoints === "number"
  );
}

/** Rejections from the limiter (RateLimiterRes) become RateLimitedError; anything else is a real fault. */
export async function limited<T>(name: string, operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (isLimiterRefusal(error)) throw new RateLimitedError(name, retryAfterSeconds(error));
    throw error;
  }
}

/**
 * Counts one use of `name` by `key` (a user id, an IP). Over the limit: RateLimitedError (RATE_LIMITED, 429 with
 * Retry-After through lib/http.ts). Uses that are turned away are counted too, so hammering does not pay.
 */
export async function consume(name: TLimitName, key: string, points = 1): Promise<void> {
  await firstConnection();
  await limited(name, limiter(name).consume(key, points));
}

/** Gives back a use that should not count after all (e.g. a form that failed validation). */
export async function refund(name: TLimitName, key: string, points = 1): Promise<void> {
  await firstConnection();
  await limiter(name).reward(key, points);
}

/** Accounts younger than this get the stricter posting limit too: a fresh account is the cheapest spam tool. */
export const NEW_ACCOUNT_MS = 24 * 3600 * 1000;

/**
 * Reputation (lib/reputation) that lifts a new account out of the stricter posting limit before its first day is
 * over: two up-votes from established accounts, or one accepted answer. Spam seldom earns that much.
 */
export const NEW_ACCOUNT_TRUSTED_REPUTATION = 15;

/**
 * Counts one post (a thread, a reply, an answer) by `user`: the per-user limit, and for a new account its own one,
 * unless it has already earned NEW_ACCOUNT_TRUSTED_REPUTATION. The reputation is read fresh when not given.
 */
export async function consumePost(
  user: { id: string; createdAt: Date; reputation?: number },
  now = new Date(),
  db: TPrisma = getPrisma(),
): Promise<void> {
  await consume("post", user.id);
  if (now.getTime() - user.createdAt.getTime() >= NEW_ACCOUNT_MS) return;
  const reputation =
    user.reputation ??
    (await db.user.findUnique({ where: { id: user.id }, select: { reputation: true } }))?.reputation ??
    0;
  if (reputation < NEW_ACCOUNT_TRUSTED_REPUTATION) await consume("postNewAccount", user.id);
}
