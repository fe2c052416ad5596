import { createHash } from "node:crypto";
import { getPrisma, type TPrisma } from "../db";
import { phaseOf } from "../leaderboards/competitions";
import { cacheableForEveryone } from "../permissions/visibility";

/**
 * Stamps for cached leaderboard pages (lib/page-cache/cache.ts): a short string
 * that changes whenever anything a signed-out visitor sees on the page may have
 * changed, read with one indexed query. A cached copy is served as current only
 * while its stamp still matches (lib/page-cache/cache.ts keeps stamps in memory
 * between the change notifications of lib/page-cache/invalidation.ts).
 *
 * What goes in, and who keeps it current:
 * - the dataset's own row: title, slug, visibility, metric choice (`updatedAt`, kept by Prisma);
 * - per version: `boardRevision`, bumped by database triggers on every change to its run
 *   scores or final submissions (a result, a deleted run, a competition rebuilding the
 *   boards) and to the threads about it or its competition (the board's Discussion
 *   section, migration 20261201220000_thread_board_pages); its reveal time; its competition and the competition's phase *now*, so a
 *   page rendered before a deadline is not served after it;
 * - the site-wide `DisplayEpoch`, bumped by triggers when a config's title, slug,
 *   visibility or owner or a user's handle changes (names that rows show).
 * Null when the page is not a public board (unknown, private): such pages are never cached.
 */
export async function boardPageStamp(
  owner: string,
  slug: string,
  now = new Date(),
  db: TPrisma = getPrisma(),
): Promise<string | null> {
  return (await boardPageState(owner, slug, now, db))?.stamp ?? null;
}

/** What the page cache keeps of a stamp between changes: whose it is, and until when time alone cannot change it. */
export type TPageState = { stamp: string; datasetId: string | null; validUntil: number };

/**
 * The board page's stamp with the dataset it belongs to and the next moment time
 * alone changes it (a competition opening or ending); null as for boardPageStamp.
 */
export async function boardPageState(
  owner: string,
  slug: string,
  now = new Date(),
  db: TPrisma = getPrisma(),
): Promise<TPageState | null> {
  const rows = await db.$queryRaw<
    {
      id: string;
      dataset: string;
      visibility: string;
      epoch: bigint;
      versions: {
        id: string;
        rev: number;
        revealed: string | null;
        competition: string | null;
        startsAt: string | null;
        endsAt: string | null;
      }[];
    }[]
  >`
    SELECT d."id", d."id" || ':' || d."slug" || ':' || (extract(epoch from d."updatedAt") * 1000)::bigint AS dataset, d."visibility"::text AS visibility,
      (SELECT "value" FROM "DisplayEpoch" WHERE "id" = 1) AS epoch,
      (SELECT coalesce(json_agg(json_build_object('id', v."id", 'rev', v."boardRevision", 'revealed', v."privateRevealedAt", 'competition', c."id", 'startsAt', c."startsAt", 'endsAt', c."endsAt") ORDER BY v."number"), '[]')
       FROM "DatasetVersion" v LEFT JOIN "Competition" c ON c."datasetVersionId" = v."id" WHERE v."datasetId" = d."id") AS versions
    FROM "Dataset" d JOIN "User" u ON u."id" = d."ownerId"
    WHERE u."handle" = ${owner.toLowerCase()} AND d."slug" = ${slug}`;
  const row = rows[0];
  if (!row || !cacheableForEveryone(row)) return null;
  let validUntil = Infinity;
  const versions = row.versions.map((v) => {
    if (!v.competition) return `${v.id}.${v.rev}.${v.revealed ?? ""}..`;
    const window = { startsAt: new Date(v.startsAt!), endsAt: new Date(v.endsAt!) };
    // phaseOf: active from startsAt, ended once past endsAt.
    for (const boundary of [window.startsAt.getTime(), window.endsAt.getTime() + 1])
      if (boundary > now.getTime()) validUntil = Math.min(validUntil, boundary);
    return `${v.id}.${v.rev}.${v.revealed ?? ""}.${v.competition}.${phaseOf(window, now)}`;
  });
  return { stamp: digest([row.dataset, String(row.epoch), ...versions]), datasetId: row.id, validUntil };
}

/**
 * The leaderboards index lists boards by their latest change, competitions by phase,
 * and dataset titles: its stamp is the latest board change, the latest dataset edit,
 * the competitions' count and newest creation, the display epoch and the current
 * minute (competition windows are set to the minute, so phases change on minute boundaries).
 */
export async function boardsIndexStamp(now = new Date(), db: TPrisma = getPrisma()): Promise<string> {
  return (await boardsIndexState(now, db)).stamp;
}

/** The index's stamp, valid at most until the next minute. */
export async function boardsIndexState(now = new Date(), db: TPrisma = getPrisma()): Promise<TPageState> {
  const [row] = await db.$queryRaw<
    { board: Date | null; dataset: Date | null; competitions: bigint; newest: Date | null; epoch: bigint }[]
  >`
    SELECT (SELECT max("boardChangedAt") FROM "DatasetVersion") AS board, (SELECT max("updatedAt") FROM "Dataset") AS dataset,
      (SELECT count(*) FROM "Competition") AS competitions, (SELECT max("createdAt") FROM "Competition") AS newest,
      (SELECT "value" FROM "DisplayEpoch" WHERE "id" = 1) AS epoch`;
  const minute = Math.floor(now.getTime() / 60_000);
  const stamp = digest([
    row!.board?.toISOString() ?? "",
    row!.dataset?.toISOString() ?? "",
    String(row!.competitions),
    row!.newest?.toISOString() ?? "",
    String(row!.epoch),
    String(minute),
  ]);
  return { stamp, datasetId: null, validUntil: (minute + 1) * 60_000 };
}

const digest = (parts: string[]) => createHash("sha1").update(parts.join("|")).digest("base64url");
