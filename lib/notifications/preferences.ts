import { getPrisma, type TDb } from "../db";
import { parseInput } from "../validation";
import { NOTIFICATION_TYPES, ZNotificationType, type TNotificationType } from "./schemas";
import { z } from "zod";

/** The user's switch per notification type; a type without a row is on. */
export async function getPreferences(
  userId: string,
  db: TDb = getPrisma(),
): Promise<Record<TNotificationType, boolean>> {
  const rows = await db.notificationPreference.findMany({ where: { userId }, select: { type: true, enabled: true } });
  const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.type));
  return Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, !off.has(t)])) as Record<TNotificationType, boolean>;
}

const ZPreference = z.object({ type: ZNotificationType, enabled: z.boolean("invalid") });

/** Switches one type on or off for the user (INVALID_INPUT for an unknown type). Returns all switches. */
export async function setPreference(
  userId: string,
  type: TNotificationType,
  enabled: boolean,
  db: TDb = getPrisma(),
): Promise<Record<TNotificationType, boolean>> {
  const input = parseInput(ZPreference, { type, enabled });
  await db.notificationPreference.upsert({
    where: { userId_type: { userId, type: input.type } },
    create: { userId, type: input.type, enabled: input.enabled },
    update: { enabled: input.enabled, updatedAt: new Date() },
  });
  return getPreferences(userId, db);
}

/** `${userId} ${type}` for each switched-off pair among these users. */
export async function switchedOff(userIds: string[], db: TDb): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.notificationPreference.findMany({
    where: { userId: { in: userIds }, enabled: false },
    select: { userId: true, type: true },
  });
  return new Set(rows.map((r) => `${r.userId} ${r.type}`));
}
