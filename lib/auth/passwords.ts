import { hash, verify } from "@node-rs/argon2";

// argon2id with the library defaults (m=19 MiB, t=2, p=1): OWASP's minimum
// recommendation (its cost here: docs/PERFORMANCE.md). The parameters are stored in the hash, so they
// can be raised later without breaking existing passwords.
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash must read as "wrong password", not crash sign-in
  }
}

/**
 * A valid hash of a random password, verified against when the email is unknown
 * so that "no such user" and "wrong password" take the same time.
 */
let dummyHash: Promise<string> | undefined;
export const getDummyHash = () => (dummyHash ??= hash(crypto.randomUUID()));
