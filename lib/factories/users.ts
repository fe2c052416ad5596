import { randomBytes } from "node:crypto";
import { getPrisma, type TPrisma } from "../db";
import { registerUser } from "../users/mutations";

/**
 * Test and seed data through the real domain code, so factories can never make
 * a row the app itself could not. Unique by default: tests run in any order.
 */
export const uniqueSuffix = () => randomBytes(4).toString("hex");

export const DEFAULT_TEST_PASSWORD = "correct horse battery";

export async function createUser(
  overrides: { email?: string; handle?: string; name?: string | null; password?: string } = {},
  db: TPrisma = getPrisma(),
) {
  const suffix = uniqueSuffix();
  const password = overrides.password ?? DEFAULT_TEST_PASSWORD;
  const user = await registerUser(
    {
      email: overrides.email ?? `user-${suffix}@example.test`,
      handle: overrides.handle ?? `user-${suffix}`,
      name: overrides.name === undefined ? `Test User ${suffix}` : (overrides.name ?? undefined),
      password,
    },
    db,
  );
  if (!user) throw new Error("createUser: that email already has an account");
  return { ...user, password };
}
