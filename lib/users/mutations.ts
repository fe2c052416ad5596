import type { TLocale } from "../i18n/locales";
import { Prisma } from "../generated/prisma/client";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { getDummyHash, hashPassword, verifyPassword } from "../auth/passwords";
import type { TSessionUser } from "../auth/session";
import { recordActivity } from "../activity/mutations";
import { parseInput } from "../validation";
import { ZProfileUpdate, ZSignIn, ZSignUp, type TProfileUpdate, type TSignIn, type TSignUp } from "./schemas";

const sessionUserSelect = { id: true, handle: true, name: true, email: true } as const;

async function takenFields(email: string, handle: string, db: TPrisma) {
  const [byEmail, byHandle] = await Promise.all([
    db.user.findUnique({ where: { email }, select: { id: true } }),
    db.user.findUnique({ where: { handle }, select: { id: true } }),
  ]);
  const errors: Record<string, string> = {};
  if (byEmail) errors.email = "email.taken";
  if (byHandle) errors.handle = "handle.taken";
  return errors;
}

/**
 * Creates an email+password account, or returns null when the email already has one — and then creates nothing.
 * Callers must answer both alike: whether an email is registered is nobody else's business, so sign-up says
 * "account ready, sign in" either way, and the password is hashed either way so the two take the same time
 * (the insert that only a new account does is small against the hash, and sign-up is rate limited per IP). Handles are public (every profile shows one), so a taken handle is a CONFLICT field error.
 */
export async function registerUser(input: TSignUp, db: TPrisma = getPrisma()): Promise<TSessionUser | null> {
  const data = parseInput(ZSignUp, input);
  const taken = await takenFields(data.email, data.handle, db);
  if (taken.handle) throw new AppError("CONFLICT", { handle: taken.handle });

  const passwordHash = await hashPassword(data.password);
  if (taken.email) return null;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, handle: data.handle, name: data.name, passwordHash },
        select: sessionUserSelect,
      });
      await recordActivity({ actorId: user.id, kind: "user.joined", subject: {} }, tx);
      return user;
    });
  } catch (error) {
    // Lost a race with a concurrent sign-up: the unique index is the real guard.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const raced = await takenFields(data.email, data.handle, db);
      if (raced.handle && !raced.email) throw new AppError("CONFLICT", { handle: raced.handle });
      return null;
    }
    throw error;
  }
}

/**
 * Checks email + password. Returns null for any mismatch (unknown email, wrong
 * password, OAuth-only account) without saying which, in constant-ish time.
 */
export async function verifyCredentials(input: TSignIn, db: TPrisma = getPrisma()): Promise<TSessionUser | null> {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) return null;
  const row = await db.user.findUnique({
    where: { email: parsed.data.email },
    select: { ...sessionUserSelect, passwordHash: true },
  });
  if (!row?.passwordHash) {
    await verifyPassword(await getDummyHash(), parsed.data.password);
    return null;
  }
  if (!(await verifyPassword(row.passwordHash, parsed.data.password))) return null;
  const { passwordHash: _omit, ...user } = row;
  return user;
}

export async function updateProfile(
  { actor, input }: { actor: TSessionUser; input: TProfileUpdate },
  db: TPrisma = getPrisma(),
) {
  const data = parseInput(ZProfileUpdate, input);
  return db.user.update({ where: { id: actor.id }, data, select: { ...sessionUserSelect, bio: true } });
}

/**
 * An account made through OAuth (the Auth.js adapter's createUser): it needs a handle too, derived from the provider's
 * login (GitHub) or the email, and its join is recorded like sign-up's.
 */
export async function createOAuthUser(
  user: {
    login?: string;
    name?: string | null;
    email?: string | null;
    emailVerified?: Date | null;
    image?: string | null;
  },
  db: TPrisma = getPrisma(),
) {
  const seed = user.login ?? user.email ?? user.name ?? "user";
  const created = await db.user.create({
    data: {
      handle: await availableHandle(seed, db),
      name: user.name ?? null,
      email: user.email?.toLowerCase() ?? null,
      emailVerified: user.emailVerified ?? null,
      image: user.image ?? null,
    },
  });
  await recordActivity({ actorId: created.id, kind: "user.joined", subject: { via: "oauth" } }, db);
  return created;
}

/** A free handle derived from an OAuth login or email, e.g. "octocat", "octocat-2". */
export async function availableHandle(seed: string, db: TPrisma = getPrisma()): Promise<string> {
  const base =
    seed
      .toLowerCase()
      .replace(/@.*$/, "")
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, 24) || "user";
  const padded = base.length < 3 ? `${base}-user` : base;
  for (let i = 1; i < 1000; i++) {
    const candidate = i === 1 ? padded : `${padded}-${i}`;
    const exists = await db.user.findUnique({ where: { handle: candidate }, select: { id: true } });
    if (!exists) return candidate;
  }
  return `${padded}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The interface language a user chose; null: follow the browser (lib/i18n/locales.ts has the order). */
export async function setUserLocale(
  { actor, locale }: { actor: TSessionUser; locale: TLocale | null },
  db: TPrisma = getPrisma(),
): Promise<void> {
  await db.user.update({ where: { id: actor.id }, data: { locale } });
}
