import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate, migrate dev, studio). The app applies
// migrations with scripts/migrate.ts, which needs no schema-engine binary.
// `generate` needs no database, so a missing DATABASE_URL must not stop it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/trainyard" },
});
