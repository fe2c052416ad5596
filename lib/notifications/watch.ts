import type { TSessionUser } from "../auth/session";
import { getPrisma, type TDb } from "../db";
import { AppError } from "../errors";
import type { WatchKind } from "../generated/prisma/client";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { parseInput } from "../validation";
import { ZWatchMode, ZWatchThing, type TWatchKind, type TWatchMode, type TWatchThing } from "./schemas";

/*
 * Watch and mute, per thread, run, config and dataset. Authors watch their own things without a row (the thread's
 * author, the run's owner, the config's and the dataset's owner): a row is only written to differ from that default
 * (MUTE by the author, WATCH by anyone else). What watching brings: a thread's replies and answers, a run's finish or
 * failure, a config's forks, a dataset's competitions. A MUTE silences everything about the thing for that user,
 * mentions included.
 */

export const DB_KIND: Record<TWatchKind, WatchKind> = {
  thread: "THREAD",
  run: "RUN",
  config: "CONFIG",
  dataset: "DATASET",
};

const OWNED = { select: { ownerId: true, visibility: true } } as const;

/** The thing's author (who watches it by default) and whether `viewer` may see it; null when it does not exist. */
async function loadThing(
  thing: TWatchThing,
  db: TDb,
): Promise<{ authorId: string; visible: (viewer: TViewer) => boolean } | null> {
  switch (thing.kind) {
    case "thread": {
      const t = await db.thread.findUnique({
        where: { id: thing.id },
        select: { authorId: true, ...THREAD_ACCESS_SELECT },
      });
      return t && { authorId: t.authorId, visible: (v) => canViewThread(v, t) };
    }
    case "run": {
      const r = await db.run.findUnique({
        where: { id: thing.id },
        select: { userId: true, config: OWNED, datasetVersion: { select: { dataset: OWNED } } },
      });
      return r && { authorId: r.userId, visible: (v) => canViewRun(v, r) };
    }
    case "config": {
      const c = await db.config.findUnique({ where: { id: thing.id }, select: OWNED.select });
      return c && { authorId: c.ownerId, visible: (v) => canViewConfig(v, c) };
    }
    case "dataset": {
      const d = await db.dataset.findUnique({ where: { id: thing.id }, select: OWNED.select });
      return d && { authorId: d.ownerId, visible: (v) => canViewDataset(v, d) };
    }
  }
}

async function visibleThing(viewer: TViewer, input: unknown, db: TDb) {
  const thing = parseInput(ZWatchThing, input);
  const loaded = await loadThing(thing, db);
  if (!loaded || !loaded.visible(viewer)) throw new AppError("NOT_FOUND");
  return { thing, loaded };
}

export type TWatchState = {
  /** The explicit choice (a row), or null: the default applies. */
  mode: TWatchMode | null;
  /** The viewer authored the thing, so watches it unless they mute it. */
  byDefault: boolean;
};

/** The viewer's watch state of a thing they can see (NOT_FOUND otherwise). */
export async function watchState(viewer: TViewer, thing: TWatchThing, db: TDb = getPrisma()): Promise<TWatchState> {
  const { thing: t, loaded } = await visibleThing(viewer, thing, db);
  if (!viewer) return { mode: null, byDefault: false };
  const row = await db.watch.findUnique({
    where: { userId_kind_thingId: { userId: viewer.id, kind: DB_KIND[t.kind], thingId: t.id } },
    select: { mode: true },
  });
  return { mode: row?.mode ?? null, byDefault: loaded.authorId === viewer.id };
}

/**
 * Watches (WATCH), mutes (MUTE) or returns to the default (null) a thing the actor can see; NOT_FOUND for one they
 * cannot. Idempotent. Returns the new state.
 */
export async function setWatch(
  actor: TSessionUser,
  thing: TWatchThing,
  mode: TWatchMode | null,
  db: TDb = getPrisma(),
): Promise<TWatchState> {
  const { thing: t, loaded } = await visibleThing(actor, thing, db);
  const wanted = parseInput(ZWatchMode, mode);
  const key = { userId: actor.id, kind: DB_KIND[t.kind], thingId: t.id };
  if (wanted === null) await db.watch.deleteMany({ where: key });
  else
    await db.watch.upsert({
      where: { userId_kind_thingId: key },
      create: { ...key, mode: wanted },
      update: { mode: wanted },
    });
  return { mode: wanted, byDefault: loaded.authorId === actor.id };
}

/** Users with an explicit WATCH on the thing (the author's default is the caller's to add). */
export async function watchersOf(thing: TWatchThing, db: TDb): Promise<string[]> {
  const rows = await db.watch.findMany({
    where: { kind: DB_KIND[thing.kind], thingId: thing.id, mode: "WATCH" },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

/** `${userId} ${kind} ${thingId}` for each MUTE among these users and things. */
export async function mutesAmong(userIds: string[], things: TWatchThing[], db: TDb): Promise<Set<string>> {
  if (!userIds.length || !things.length) return new Set();
  const rows = await db.watch.findMany({
    where: {
      userId: { in: userIds },
      mode: "MUTE",
      OR: things.map((t) => ({ kind: DB_KIND[t.kind], thingId: t.id })),
    },
    select: { userId: true, kind: true, thingId: true },
  });
  return new Set(rows.map((r) => `${r.userId} ${r.kind} ${r.thingId}`));
}
