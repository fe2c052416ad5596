import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import createNextIntlPlugin from "next-intl/plugin";
import { securityHeaders } from "./lib/security/headers.mjs";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "pg", "ioredis", "bullmq", "rate-limiter-flexible"],
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts must see client-side navigations as such (the RSC headers and ?_rsc),
  // so its page cache never answers one with HTML (lib/page-cache/cache.ts).
  skipProxyUrlNormalize: true,
  // The build checks the app's own code; tests, e2e and benchmarks are checked by `npm test`'s typecheck step.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

// CSP, nosniff, framing, referrer policy and HSTS on every response (lib/security/headers.mjs says why each).
const config = (phase) =>
  withNextIntl({
    ...nextConfig,
    headers: async () =>
      securityHeaders({
        dev: phase === PHASE_DEVELOPMENT_SERVER,
        publicUrl: process.env.AUTH_URL || process.env.NEXTAUTH_URL,
      }),
  });

export default config;
