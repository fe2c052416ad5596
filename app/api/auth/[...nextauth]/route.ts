import { NextRequest } from "next/server";
import { errorResponse } from "@/lib/http";
import { assertDeclaredLength, declaredLength, readBodyBytes } from "@/lib/http-body";
import { handlers } from "@/app/_server/auth";
import { withSignInRateLimit } from "@/app/_server/auth-rate-limit";

/** Sign-in forms and provider callbacks are small: a larger body is a 413 before Auth.js reads it. */
const AUTH_MAX_BODY_BYTES = 64 * 1024;

/** Auth.js's own rule for a callback URL: http(s), or a path on this site. */
const parsesAsHttpUrl = (url: string, base: string) => {
  try {
    return /^https?:/.test(new URL(url, url.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
};

/**
 * Auth.js answers a callbackUrl it cannot parse (in the query or its cookie) with a 500 "server configuration"
 * error for every action but its HTML pages (found by e2e/fuzz.spec.ts: `/api/auth/session?callbackUrl=1e3`).
 * It is the client's mistake: 400 before Auth.js sees it.
 */
function badCallbackUrl(request: NextRequest): Response | null {
  const values: (string | undefined)[] = [
    ...request.nextUrl.searchParams.getAll("callbackUrl"), // Auth.js takes the last of repeated ones
    request.cookies.get("authjs.callback-url")?.value,
    request.cookies.get("__Secure-authjs.callback-url")?.value,
  ];
  if (values.every((v) => !v || parsesAsHttpUrl(v, request.nextUrl.origin))) return null;
  return Response.json({ error: { code: "INVALID_INPUT", fields: { callbackUrl: "invalid" } } }, { status: 400 });
}

export async function GET(request: NextRequest) {
  return badCallbackUrl(request) ?? handlers.GET(request);
}

export async function POST(request: NextRequest) {
  const bad = badCallbackUrl(request);
  if (bad) return bad;
  let limited = request;
  try {
    assertDeclaredLength(request, AUTH_MAX_BODY_BYTES);
    if (declaredLength(request) === null && request.body) {
      // No length declared (chunked): read at most the limit, then hand Auth.js what was read.
      limited = new NextRequest(request, { body: new Uint8Array(await readBodyBytes(request, AUTH_MAX_BODY_BYTES)) });
    }
  } catch (error) {
    return errorResponse(error);
  }
  return withSignInRateLimit(limited, handlers.POST);
}
