import { getPrisma, disconnectPrisma, type TPrisma } from "../lib/db";
import { createUser } from "../lib/factories/users";

export const DEMO_USER = { email: "demo@trainyard.local", handle: "demo", name: "Demo User", password: "trainyard-demo" } as const;

/**
 * Seeds an empty database with a demo user (and, once datasets exist, the
 * sample datasets). Does nothing when any user exists, so it is safe on every start.
 */
export async function seedIfEmpty(db: TPrisma = getPrisma(), log: (m: string) => void = console.log) {
  if ((await db.user.count()) > 0) return false;
  await createUser(DEMO_USER, db);
  log(`seeded demo user: ${DEMO_USER.email} / ${DEMO_USER.password}`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadDotenv } = await import("../scripts/lib/services");
  loadDotenv();
  await seedIfEmpty().finally(disconnectPrisma);
}
