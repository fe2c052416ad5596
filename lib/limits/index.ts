/**
 * Abuse limits on Redis (rate-limiter-flexible): named per-key rates (`consume("upload", user.id)`), sign-in backoff
 * per account and IP, and the client address they key on. Over a limit: RateLimitedError (RATE_LIMITED), which
 * lib/http.ts answers with 429 and Retry-After. docs/SECURITY.md lists every limit and its variable.
 */
export { consume, refund, type TLimitName } from "./limits";
export { beginSignIn, signInSucceeded, signInWaitSeconds } from "./sign-in";
export { clientIp } from "./client-ip";
