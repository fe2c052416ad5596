import { cache } from "react";
import NextAuth, { CredentialsSignin } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { getPrisma } from "@/lib/db";
import { githubAuthEnabled, loadEnv, publicUrlIsHttps } from "@/lib/env";
import { isRateLimited } from "@/lib/errors";
import { assertUser, type TSessionUser } from "@/lib/auth/session";
import { beginSignIn, clientIp, signInSucceeded } from "@/lib/limits";
import { createOAuthUser, verifyCredentials } from "@/lib/users/mutations";
import { getSessionFields } from "@/lib/users/queries";
import { safeRedirectPath } from "./form-state";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

/**
 * Too many sign-in attempts for this email or IP (lib/limits/sign-in.ts). Auth.js passes CredentialsSignin errors
 * through unchanged: the sign-in action reads the wait from it, and the /api/auth route turns the redirect that
 * carries its code into a 429.
 */
export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/** Auth.js's Prisma adapter, except that accounts made through OAuth get a handle (lib/users createOAuthUser). */
function trainyardAdapter(): Adapter {
  const base = PrismaAdapter(getPrisma() as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    async createUser(user) {
      const created = await createOAuthUser(user as typeof user & { login?: string });
      return { ...created, email: created.email ?? "" };
    },
  };
}

const providers = () => [
  Credentials({
    credentials: { email: { type: "email" }, password: { type: "password" } },
    async authorize(credentials, request) {
      const email = String(credentials?.email ?? "");
      // Counted before the password is looked at: a blocked email or IP learns nothing, even from timing.
      const ticket = await beginSignIn({ email, ip: clientIp(request.headers, loadEnv().TRUST_PROXY) }).catch(
        (error: unknown) => {
          throw isRateLimited(error) ? new SignInRateLimited(error.retryAfterSeconds) : error;
        },
      );
      const user = await verifyCredentials({ email, password: String(credentials?.password ?? "") });
      if (!user) throw new InvalidCredentials();
      await signInSucceeded(ticket);
      return user;
    },
  }),
  ...(githubAuthEnabled()
    ? [
        GitHub({
          // Pass the GitHub login through so createUser can turn it into a handle.
          profile: (p) => ({
            id: String(p.id),
            name: p.name ?? p.login,
            email: p.email,
            image: p.avatar_url,
            login: p.login,
          }),
        }),
      ]
    : []),
];

// Lazy: the config (and with it the database client) is built on the first
// request, not at import, so `next build` needs no database or secrets.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  adapter: trainyardAdapter(),
  providers: providers(),
  // Credentials sign-in requires JWT sessions. The token is signed with
  // AUTH_SECRET, so sessions survive restarts as long as the secret does.
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/signin", error: "/signin" },
  trustHost: true,
  // Secure cookies (and their __Secure- names) whenever the public URL is https, even if a TLS proxy in front
  // forgets X-Forwarded-Proto; otherwise Auth.js decides per request (https → Secure).
  ...(publicUrlIsHttps() ? { useSecureCookies: true } : {}),
  // A wrong password is an expected outcome, not a server error worth a stack trace in the log.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  callbacks: {
    // Only paths on this site, cleaned like every other redirect target ("/\t/evil.example", newlines…).
    redirect({ url, baseUrl }) {
      if (url.startsWith("/")) return `${baseUrl}${safeRedirectPath(url)}`;
      try {
        const target = new URL(url);
        if (target.origin === new URL(baseUrl).origin)
          return `${baseUrl}${safeRedirectPath(`${target.pathname}${target.search}${target.hash}`)}`;
      } catch {
        // not a URL: fall through
      }
      return baseUrl;
    },
    async jwt({ token, user, trigger, session }) {
      if (user) {
        const u = user as Partial<TSessionUser> & { id?: string };
        token.id = u.id;
        const stored = u.id ? await getSessionFields(u.id) : null;
        token.handle = u.handle ?? stored?.handle;
        token.locale = stored?.locale ?? null;
      }
      // unstable_update({ user: { name } }) after a profile edit (or { locale } after a language change) refreshes
      // the token without signing in again.
      const updated = (session as { user?: { name?: string | null; locale?: string | null } } | undefined)?.user;
      if (trigger === "update" && updated && "name" in updated) token.name = updated.name ?? null;
      if (trigger === "update" && updated && "locale" in updated) token.locale = updated.locale ?? null;
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        user: {
          ...session.user,
          id: String(token.id ?? ""),
          handle: String(token.handle ?? ""),
          name: token.name ?? null,
          locale: typeof token.locale === "string" ? token.locale : null,
        },
      };
    },
  },
}));

/** The signed-in user, or AppError UNAUTHENTICATED (→ 401). Call it in every action and route handler. */
export async function requireUser(): Promise<TSessionUser> {
  return assertUser(await auth());
}

/**
 * The signed-in user or null, for pages that render differently when signed in.
 * Memoised per request (React cache): the header, the page and its metadata all ask,
 * and the same object lets per-request caches of viewer-scoped queries hit.
 */
export const currentUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await auth();
  return session?.user?.id ? assertUser(session) : null;
});
