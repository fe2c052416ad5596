import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { loadEnv } from "./env";

export type TPrisma = ReturnType<typeof createPrisma>;
/** The client or a transaction's client (`$transaction((tx) => …)`): what a function that may run inside a transaction takes. */
export type TDb = Omit<TPrisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * Secret columns are never selected unless a query asks for them by name
 * (`select: { passwordHash: true }`), so no page or API can leak them by accident.
 * Statements are prepared and kept per connection (preparedStatementName).
 */
export function createPrisma(connectionString: string) {
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString },
      { statementNameGenerator: (query) => preparedStatementName(query.sql) },
    ),
    omit: { user: { passwordHash: true } },
  });
}

/** Distinct SQL texts given a name, per process; later ones run unnamed ("": parsed and planned each time). */
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

/**
 * A name for each distinct SQL text, so pg prepares it once per connection and
 * PostgreSQL can keep its plan: planning the leaderboard's seven-table query costs
 * more than running it (figures in docs/PERFORMANCE.md). Bounded, so statement shapes that vary
 * without end (IN lists of every length) cannot grow each connection's statement
 * cache on the server without limit.
 */
export function preparedStatementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `ty${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name ?? "";
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
