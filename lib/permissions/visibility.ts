import { Prisma } from "../generated/prisma/client";
import type { TSessionUser } from "../auth/session";

/** Who is asking: a signed-in user (only the id matters here) or nobody. */
export type TViewer = Pick<TSessionUser, "id"> | null;
export type TVisibility = "PUBLIC" | "UNLISTED" | "PRIVATE";
/** The two fields every owned, visibility-scoped thing carries (datasets, configs; later threads). */
export type TOwned = { ownerId: string; visibility: TVisibility };

/*
 * The one visibility rule. Every page, list, search, board, lineage, compare, download, stream and artifact path
 * reaches a dataset or config through these functions or the entity files built on them (datasets.ts, configs.ts,
 * runs.ts); nothing else in the code base spells the rule out.
 *
 *   PUBLIC   anyone may open it by link, and it is listed and searchable.
 *   UNLISTED anyone with the link may open it; it is never listed or searchable for anyone but its owner
 *            (lists, search results, tag chips, boards indexes, lineage and fork lists of other people, activity).
 *            A fork of it is at most UNLISTED (never more visible than its parent).
 *   PRIVATE  its owner only; everyone else gets "not found", never "forbidden", so existence does not leak.
 *
 * Two shapes of the same rule: a predicate for one loaded row, and a where-clause for queries ("link" for reads
 * by id or path, "listed" for lists and searches), plus a raw-SQL fragment for the few hand-written queries.
 */
export type TReach = "link" | "listed";

const isOwner = (viewer: TViewer, thing: { ownerId: string }) => viewer !== null && viewer.id === thing.ownerId;

export function canOpen(viewer: TViewer, thing: TOwned): boolean {
  return thing.visibility !== "PRIVATE" || isOwner(viewer, thing);
}

export function isListed(viewer: TViewer, thing: TOwned): boolean {
  return thing.visibility === "PUBLIC" || isOwner(viewer, thing);
}

export function canEdit(viewer: TViewer, thing: { ownerId: string }): boolean {
  return isOwner(viewer, thing);
}

/** The where-clause form, for any model with `ownerId` and `visibility` (Dataset, Config). */
export function visibleWhere(viewer: TViewer, reach: TReach) {
  const shown = reach === "link" ? { visibility: { not: "PRIVATE" as const } } : { visibility: "PUBLIC" as const };
  return viewer ? { OR: [shown, { ownerId: viewer.id }] } : shown;
}

/** The raw-SQL form, for a table alias whose row has "ownerId" and "visibility". */
export function visibleSql(viewer: TViewer, reach: TReach, alias: string): Prisma.Sql {
  const a = Prisma.raw(`"${alias.replace(/"/g, "")}"`);
  const shown =
    reach === "link" ? Prisma.sql`${a}."visibility" <> 'PRIVATE'` : Prisma.sql`${a}."visibility" = 'PUBLIC'`;
  return viewer ? Prisma.sql`(${shown} OR ${a}."ownerId" = ${viewer.id})` : Prisma.sql`(${shown})`;
}

/** A fork is never more visible than its parent: PUBLIC < UNLISTED < PRIVATE, the stricter wins. */
export function forkVisibility(parent: TVisibility, requested: TVisibility = "PUBLIC"): TVisibility {
  const order: TVisibility[] = ["PUBLIC", "UNLISTED", "PRIVATE"];
  return order[Math.max(order.indexOf(parent), order.indexOf(requested))]!;
}

/**
 * Whether a link from one thing to another (a fork's "forked from", lineage edges) may be shown. A listed thing only
 * points to listed things; a thing reached by link (unlisted, or the viewer's own private one) may also point to
 * things the viewer can open by link — a fork of an unlisted config is unlisted too, so its parent is no secret to
 * whoever holds the fork's link.
 */
export function canFollow(viewer: TViewer, from: TOwned, to: TOwned): boolean {
  return isListed(viewer, to) || (from.visibility !== "PUBLIC" && canOpen(viewer, to));
}

/** Whether a copy of it may be kept in shared caches (CDN, the signed-out page cache): public things only. */
export function cacheableForEveryone(thing: { visibility: TVisibility | string }): boolean {
  return thing.visibility === "PUBLIC";
}
