import { loadEnv } from "@/lib/env";
import { clientIp, signInWaitSeconds } from "@/lib/limits";

/** Auth.js answers a blocked credentials sign-in (SignInRateLimited in auth.ts) with a redirect carrying its code. */
const isRateLimitedRedirect = (response: Response) => {
  const location = response.headers.get("location");
  return Boolean(location) && new URL(location!, "http://x.invalid").searchParams.get("code") === "rate_limited";
};

/**
 * Runs the Auth.js POST handler; when it refused a credentials sign-in for too many attempts, API callers get what
 * every other limit answers — 429 with Retry-After — instead of a redirect to the sign-in page. (Our own sign-in
 * form goes through a server action and shows "try again in N minutes".)
 */
export async function withSignInRateLimit<R extends Request>(
  request: R,
  handle: (request: R) => Promise<Response>,
): Promise<Response> {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handle(request);
  const copy = request.clone(); // the form, for the email; Auth.js reads the original
  const response = await handle(request);
  if (!isRateLimitedRedirect(response)) return response;
  const form = await copy.formData().catch(() => null);
  const email = typeof form?.get("email") === "string" ? (form.get("email") as string) : "";
  const wait = Math.max(1, await signInWaitSeconds({ email, ip: clientIp(request.headers, loadEnv().TRUST_PROXY) }));
  return Response.json(
    { error: { code: "RATE_LIMITED", limit: "signIn", retryAfter: wait } },
    { status: 429, headers: { "Retry-After": String(wait) } },
  );
}
