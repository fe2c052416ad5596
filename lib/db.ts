import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { loadEnv } from "./env";

export type TPrisma = ReturnType<typeof createPrisma>;

/**
 * Secret columns are never selected unless a query asks for them by name
 * (`select: { passwordHash: true }`), so no page or API can leak them by accident.
 */
export function createPrisma(connectionString: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString }),
    omit: { user: { passwordHash: true } },
  });
}

const globalForPrisma = globalThis as unknown as { trainyardPrisma?: TPrisma };

/** The one client for the process; cached on globalThis so dev hot reloads don't open new pools. */
export function getPrisma(): TPrisma {
  globalForPrisma.trainyardPrisma ??= createPrisma(loadEnv().DATABASE_URL);
  return globalForPrisma.trainyardPrisma;
}

export async function disconnectPrisma() {
  const client = globalForPrisma.trainyardPrisma;
  globalForPrisma.trainyardPrisma = undefined;
  await client?.$disconnect();
}
