"use server";

import { revalidatePath } from "next/cache";
import {
  markRead,
  publishNotifications,
  unreadCount,
  type TWatchMode,
  type TWatchThing,
  setWatch,
  type TWatchState,
} from "@/lib/notifications";
import { actionOk, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/**
 * Marks the signed-in user's notifications read: the ids given (others' ids match nothing) or "all". The user's open
 * streams get a hint, so the bell in every tab follows; the value is the unread count left.
 */
export async function markNotificationsReadAction(ids: string[] | "all"): Promise<TActionResult<{ unread: number }>> {
  const actor = await requireWriter();
  const { count } = await markRead(actor.id, ids);
  if (count) {
    await publishNotifications([actor.id]);
    revalidatePath("/notifications");
  }
  return actionOk({ unread: await unreadCount(actor.id) });
}

/**
 * Watches ("WATCH"), mutes ("MUTE") or returns to the default (null) a thread, run, config or dataset the user can
 * see (NOT_FOUND for one they cannot, thrown as for the star buttons: the button is only on pages they see).
 */
export async function setWatchAction(thing: TWatchThing, mode: TWatchMode | null): Promise<TActionResult<TWatchState>> {
  const actor = await requireWriter();
  return actionOk(await setWatch(actor, thing, mode));
}
