import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "pg", "ioredis", "bullmq"],
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts must see client-side navigations as such (the RSC headers and ?_rsc),
  // so its page cache never answers one with HTML (app/_server/page-cache.ts).
  skipProxyUrlNormalize: true,
};

export default withNextIntl(nextConfig);
