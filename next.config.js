import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "pg", "ioredis", "bullmq"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default withNextIntl(nextConfig);
