import { RateLimitedError } from "../errors";
import type { TRate } from "../env";
import { isLimiterRefusal, retryAfterSeconds } from "./limits";
import { createLimiter, firstConnection, type TLimiterOptions } from "./store";

export type TBackoffSpec = {
  /** Attempts that go through at once per window (e.g. 5 an hour). */
  free: TRate;
  /** The wait after the free attempts; it doubles with each further attempt let through, up to the maximum. */
  minWaitSeconds: number;
  maxWaitSeconds: number;
};

/** What an attempt used up, so a success can give it back (refund) or forget the key (reset). */
export type TBackoffTicket = { key: string; free: boolean };

/** How long the doubling is remembered after the last attempt that had to wait. */
const ESCALATION_MEMORY_SECONDS = 24 * 3600;

/**
 * Brute-force backoff on three counters (the scheme of rate-limiter-flexible's ExpressBruteFlexible, without
 * Express): `free` counts attempts in the window; once it is spent, an attempt must take the key's one `slot`,
 * which stays taken for the current wait, and each slot taken doubles the next wait (`granted`). Every step is one
 * atomic Redis command, so a burst of parallel attempts gets no more through than one at a time: exactly the free
 * attempts, then one per wait. The check happens before the password is looked at, so a blocked key learns nothing.
 */
export function createBackoffGuard(name: string, spec: TBackoffSpec, options: TLimiterOptions = {}) {
  const freePoints = spec.free.points - 1; // the attempt that takes the first slot is the last one let through at once
  const free = createLimiter(`${name}:free`, { points: Math.max(freePoints, 1), seconds: spec.free.seconds }, options);
  const slot = createLimiter(`${name}:slot`, { points: 1, seconds: spec.maxWaitSeconds }, options);
  const memory = Math.max(spec.free.seconds, spec.maxWaitSeconds, ESCALATION_MEMORY_SECONDS);
  const granted = createLimiter(`${name}:granted`, { points: Number.MAX_SAFE_INTEGER, seconds: memory }, options);
  const ready = () => firstConnection(options.client);

  const waitFor = (slotsGranted: number) =>
    Math.min(spec.maxWaitSeconds, spec.minWaitSeconds * 2 ** Math.min(slotsGranted, 30));

  return {
    /** Reserves one attempt for `key`, or throws RateLimitedError saying how long to wait. */
    async attempt(key: string): Promise<TBackoffTicket> {
      await ready();
      if (freePoints > 0) {
        try {
          await free.consume(key);
          return { key, free: true };
        } catch (error) {
          if (!isLimiterRefusal(error)) throw error; // else the free attempts are spent: take the slot
        }
      }
      const wait = waitFor((await granted.get(key))?.consumedPoints ?? 0);
      // customDuration only applies when the key is new: a taken slot keeps its expiry, however often it is asked.
      const taken = await slot.penalty(key, 1, { customDuration: wait });
      if (taken.consumedPoints > 1) throw new RateLimitedError(name, retryAfterSeconds(taken));
      await granted.penalty(key, 1);
      return { key, free: false };
    },

    /** Seconds before `key` may try again (0: now), without using an attempt. */
    async waitSeconds(key: string): Promise<number> {
      await ready();
      const used = await free.get(key);
      if (freePoints > 0 && (!used || used.consumedPoints < freePoints)) return 0;
      const taken = await slot.get(key);
      return taken && taken.consumedPoints >= 1 ? retryAfterSeconds(taken) : 0;
    },

    /** A success that should not count against the key (the IP of a correct sign-in). */
    async refund(ticket: TBackoffTicket): Promise<void> {
      await ready();
      if (ticket.free) await free.reward(ticket.key, 1);
    },

    /** A success that clears the key's record (the account of a correct sign-in). */
    async reset(key: string): Promise<void> {
      await ready();
      await Promise.all([free.delete(key), slot.delete(key), granted.delete(key)]);
    },
  };
}

export type TBackoffGuard = ReturnType<typeof createBackoffGuard>;
