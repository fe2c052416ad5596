import type { Redis } from "ioredis";
import { getPrisma, type TDb, type TPrisma } from "../db";
import { loadEnv } from "../env";
import { Prisma } from "../generated/prisma/client";
import { createLogger } from "../logger";
import { getRedis } from "../redis";
import { switchedOff } from "./preferences";
import type { TNotifyEvent, TWatchThing } from "./schemas";
import { DB_KIND, mutesAmong } from "./watch";

/*
 * Writing notifications. The mutation that causes an event calls notify() inside its own transaction (the rows commit
 * or roll back with the event), then publishNotifications() after the commit: a hint on Redis that the live streams
 * (lib/notifications/live-stream.ts) answer by reading PostgreSQL, the only copy.
 *
 * Collapsing: one INSERT … ON CONFLICT on the partial unique index (recipientId, groupKey) WHERE readAt IS NULL. Two
 * events racing for the same unread row cannot both insert: the second waits for the first and then updates its row
 * (count + 1, the latest actor first, the latest excerpt, a new seq). A read row is outside the index, so the next
 * event starts a new one.
 *
 * Distinct actors: actorIds keeps the latest MAX_ACTORS, but "@ana and 6 others" needs them all. While a row is unread
 * (the only time it can collapse another event), NotificationActor holds everyone who acted in it; a second statement
 * adds the events' actors there and raises actorCount by those that were new. markRead empties the set of what it reads.
 *
 * Ordering: seq is the stream's cursor, so a row must never commit after a row with a higher seq of the same user, or
 * a client that has seen the higher one would skip it. Each writing transaction takes one advisory lock before it draws
 * seqs and holds it to its commit: seqs are drawn in commit order. One lock for all users (not one per user), so that
 * two transactions that notify several users in different orders cannot deadlock on it; notify() is therefore the
 * last write of each transaction, after its row locks, and the time the lock is held is the commit itself.
 */

const log = createLogger({ service: "notifications" });

/** Most actors kept per collapsed row (latest first). */
const MAX_ACTORS = 5;
/** Characters of a post kept as a notification's excerpt. */
const EXCERPT_CHARS = 500;
const SEQ_LOCK = "notifications:seq";

/** The Redis channel of a user's notification hints. */
export const notifyChannel = (userId: string) => `${loadEnv().QUEUE_PREFIX}:notify:${userId}`;

/** A post's text as an excerpt: whitespace collapsed, at most EXCERPT_CHARS code points (an ellipsis when cut). */
export function excerptOf(body: string): string | null {
  const text = body.replace(/\s+/g, " ").trim();
  if (!text) return null;
  const chars = Array.from(text);
  return chars.length <= EXCERPT_CHARS ? text : `${chars.slice(0, EXCERPT_CHARS - 1).join("")}…`;
}

const muteKey = (userId: string, thing: TWatchThing) => `${userId} ${DB_KIND[thing.kind]} ${thing.id}`;

/** Events that survive the actor's own, switched-off types and mutes, merged per recipient and group, in lock order. */
async function deliverable(events: TNotifyEvent[], db: TDb) {
  const candidates = events.filter((e) => e.recipientId !== e.actorId);
  const users = [...new Set(candidates.map((e) => e.recipientId))];
  const things = new Map(candidates.flatMap((e) => e.mutedBy ?? []).map((t) => [`${t.kind} ${t.id}`, t]));
  const off = await switchedOff(users, db);
  const muted = await mutesAmong(users, [...things.values()], db);
  const merged = new Map<string, { event: TNotifyEvent; count: number; everyone: string[]; actors: string[] }>();
  for (const e of candidates) {
    if (off.has(`${e.recipientId} ${e.type}`)) continue;
    if ((e.mutedBy ?? []).some((t) => muted.has(muteKey(e.recipientId, t)))) continue;
    const key = `${e.recipientId} ${e.groupKey}`;
    const previous = merged.get(key);
    const everyone = [...new Set([...(e.actorId ? [e.actorId] : []), ...(previous?.everyone ?? [])])];
    merged.set(key, { event: e, count: (previous?.count ?? 0) + 1, everyone, actors: everyone.slice(0, MAX_ACTORS) });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

async function write(events: TNotifyEvent[], tx: TDb): Promise<string[]> {
  const rows = await deliverable(events, tx);
  if (!rows.length) return [];
  const column = <T>(pick: (e: TNotifyEvent) => T | null | undefined) => rows.map((r) => pick(r.event) ?? null);
  const now = new Date();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${SEQ_LOCK}))`;
  const written = await tx.$queryRaw<{ id: string; recipientId: string; groupKey: string }[]>`
    INSERT INTO "Notification" AS n ("id", "recipientId", "type", "groupKey", "count", "actorIds", "actorCount",
      "threadId", "postId", "runId", "configId", "datasetId", "competitionId", "excerpt", "values", "createdAt",
      "updatedAt")
    SELECT gen_random_uuid()::text, x.recipient, x.type, x.gk, x.cnt,
      ARRAY(SELECT jsonb_array_elements_text(x.actors::jsonb)), 0, x.thread, x.post, x.run, x.config, x.dataset,
      x.competition, x.excerpt, x.vals::jsonb, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(
      ${column((e) => e.recipientId)}::text[], ${column((e) => e.type)}::text[], ${column((e) => e.groupKey)}::text[],
      ${rows.map((r) => r.count)}::int[], ${rows.map((r) => JSON.stringify(r.actors))}::text[],
      ${column((e) => e.threadId)}::text[], ${column((e) => e.postId)}::text[], ${column((e) => e.runId)}::text[],
      ${column((e) => e.configId)}::text[], ${column((e) => e.datasetId)}::text[],
      ${column((e) => e.competitionId)}::text[], ${column((e) => e.excerpt)}::text[],
      ${column((e) => (e.values ? JSON.stringify(e.values) : null))}::text[]
    ) WITH ORDINALITY AS x(recipient, type, gk, cnt, actors, thread, post, run, config, dataset, competition, excerpt,
      vals, ord)
    ORDER BY x.ord
    ON CONFLICT ("recipientId", "groupKey") WHERE "readAt" IS NULL DO UPDATE SET
      "type" = EXCLUDED."type",
      "count" = n."count" + EXCLUDED."count",
      "actorIds" = (EXCLUDED."actorIds" || ARRAY(
        SELECT a FROM unnest(n."actorIds") WITH ORDINALITY AS p(a, i) WHERE a <> ALL (EXCLUDED."actorIds") ORDER BY i
      ))[1:${Prisma.raw(String(MAX_ACTORS))}],
      "threadId" = EXCLUDED."threadId",
      "postId" = EXCLUDED."postId",
      "runId" = EXCLUDED."runId",
      "configId" = EXCLUDED."configId",
      "datasetId" = EXCLUDED."datasetId",
      "competitionId" = EXCLUDED."competitionId",
      "excerpt" = EXCLUDED."excerpt",
      "values" = EXCLUDED."values",
      "updatedAt" = EXCLUDED."updatedAt",
      "seq" = nextval(pg_get_serial_sequence('"Notification"', 'seq'))
    RETURNING "id", "recipientId", "groupKey"`;
  await countActors(rows, written, tx);
  return [...new Set(written.map((w) => w.recipientId))];
}

/** Adds the events' actors to their rows' sets and each row's actorCount by those it did not hold yet. */
async function countActors(
  rows: { event: TNotifyEvent; everyone: string[] }[],
  written: { id: string; recipientId: string; groupKey: string }[],
  tx: TDb,
) {
  const idOf = new Map(written.map((w) => [`${w.recipientId} ${w.groupKey}`, w.id]));
  const pairs = rows.flatMap((r) => {
    const id = idOf.get(`${r.event.recipientId} ${r.event.groupKey}`);
    return id ? r.everyone.map((actorId) => [id, actorId] as const) : [];
  });
  if (!pairs.length) return;
  await tx.$executeRaw`
    WITH added AS (
      INSERT INTO "NotificationActor" ("notificationId", "actorId")
      SELECT * FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[])
      ON CONFLICT DO NOTHING
      RETURNING "notificationId"
    )
    UPDATE "Notification" n SET "actorCount" = n."actorCount" + a.k
    FROM (SELECT "notificationId", count(*)::int AS k FROM added GROUP BY 1) a
    WHERE n."id" = a."notificationId"`;
}

/**
 * Writes the events' notifications in the caller's transaction (given the client, in one of its own) and returns
 * their recipients, for publishNotifications after the commit. Drops an event for its own actor, a type the recipient
 * switched off and one about a thing they muted; collapses into an unread row of the same group. Call it last in the
 * transaction (see the ordering note above).
 */
export async function notify(events: TNotifyEvent[], tx: TDb): Promise<string[]> {
  if (!events.length) return [];
  return "$transaction" in tx ? (tx as TPrisma).$transaction((t) => write(events, t)) : write(events, tx);
}

/**
 * Tells each user's open streams that they have something new (or that something was read): `{ seq }`, their latest
 * seq, on `notifyChannel(userId)`. After the commit, never inside the transaction (a stream reading on the hint must
 * see the row). Never throws: the rows are written, and a stream that missed a hint catches up on its next one or on
 * reconnecting.
 */
export async function publishNotifications(
  userIds: string[],
  redis: Pick<Redis, "publish"> = getRedis(),
  db: TDb = getPrisma(),
): Promise<void> {
  const users = [...new Set(userIds)];
  if (!users.length) return;
  try {
    const latest = await db.notification.groupBy({
      by: ["recipientId"],
      where: { recipientId: { in: users } },
      _max: { seq: true },
    });
    const seqOf = new Map(latest.map((r) => [r.recipientId, String(r._max.seq ?? 0n)]));
    await Promise.all(users.map((u) => redis.publish(notifyChannel(u), JSON.stringify({ seq: seqOf.get(u) ?? "0" }))));
  } catch (error) {
    log.warn("could not publish notification hints", { users: users.length, error: (error as Error).message });
  }
}
