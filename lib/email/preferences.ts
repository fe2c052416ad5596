import { z } from "zod";
import { getPrisma, type TDb } from "../db";
import { loadEnv } from "../env";
import { parseInput } from "../validation";

/** Whether this site sends e-mail at all (SMTP_URL set): the settings page says so when it does not. */
export const emailConfigured = () => Boolean(loadEnv().SMTP_URL);

/** The user's digest switch (on unless turned off); false for an account that no longer exists. */
export async function getEmailDigest(userId: string, db: TDb = getPrisma()): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailDigest: true } });
  return user?.emailDigest ?? false;
}

const ZEmailDigest = z.boolean("invalid");

/** Turns the user's e-mail digest on or off (INVALID_INPUT for a non-boolean); returns the new state. */
export async function setEmailDigest(userId: string, enabled: boolean, db: TDb = getPrisma()): Promise<boolean> {
  const value = parseInput(ZEmailDigest, enabled);
  const user = await db.user.update({
    where: { id: userId },
    data: { emailDigest: value },
    select: { emailDigest: true },
  });
  return user.emailDigest;
}
