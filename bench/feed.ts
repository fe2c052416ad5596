import { benchEnvironment, p95Time, peakRssMB } from "./environment";

/**
 * The followed-activity feed (issue 16). Generates, in PostgreSQL, 100,000 activity entries over a year from 5,000
 * users on 1,000 datasets — actors and datasets drawn log-uniformly (P(k) ∝ 1/k), as on real platforms where a few
 * are most of the news — and measures one page of a user's following feed, as `listFollowedFeed` reads it (one index
 * range per followed thing, merged; titles resolved under the visibility rules), against the query one would write
 * first: `actorId IN (…) OR datasetId IN (…) ORDER BY createdAt DESC LIMIT n` (the baseline), for
 * - a typical user (100 people, 20 datasets): the first page, and a deep page (the 50th: the baseline pages by
 *   OFFSET, ours by keyset cursor);
 * - a niche user (100 people, 20 datasets from the long tail: their news is ~1 % of the site's): the first page;
 * - a user at the follow limit (MAX_FOLLOWS: 1,000 people, popular ones included): the first page;
 * - the whole page as the home page reads it (titles resolved, each entry checked against the visibility rules);
 * - the everyone feed's 50th page (`listNotable`: a partial index, keyset cursor) against OFFSET.
 * Figures are p95 over repeated calls with random followers.
 *
 * BENCH_FEED_EVENTS sets the number of entries (default 100,000).
 */

const EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 100_000);
const USERS = 5_000;
const DATASETS = 1_000;
const FOLLOWERS = 50;
const PAGE = 20;
const NICHE = 20;
const NICHE_FROM = 4_900;

async function generate(exec: (sql: string) => Promise<unknown>) {
  // Log-uniform pick in 1..n: a few actors and datasets make most of the entries.
  const pick = (n: number) => `least(${n}, floor(exp(random() * ln(${n + 1})))::int)`;
  const steps: [string, string][] = [
    [
      "users",
      `INSERT INTO "User" ("id", "handle", "updatedAt") SELECT 'u' || g, 'feed-' || g, now() FROM generate_series(1, ${USERS}) g`,
    ],
    [
      "datasets",
      `INSERT INTO "Dataset" ("id", "ownerId", "slug", "title", "license", "taskType", "kind", "targetColumn", "versionCount", "updatedAt")
       SELECT 'd' || g, 'u' || (1 + (g * 7919) % ${USERS}), 'feed-' || g, 'Feed dataset ' || g, 'CC0-1.0', 'CLASSIFICATION', 'TABULAR', 'y', 1, now() FROM generate_series(1, ${DATASETS}) g`,
    ],
    // One entry in ten is a sign-up (not notable); the rest name a dataset, as versions and board records do.
    [
      "activity",
      `INSERT INTO "Activity" ("id", "actorId", "kind", "subject", "datasetId", "notable", "createdAt")
       SELECT 'a' || g, 'u' || ${pick(USERS)},
              CASE WHEN g % 10 = 0 THEN 'user.joined' ELSE 'dataset.versioned' END,
              CASE WHEN g % 10 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('number', 1 + g % 5) END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE 'd' || ${pick(DATASETS)} END,
              g % 10 <> 0, now() - random() * interval '365 days'
       FROM generate_series(1, ${EVENTS}) g`,
    ],
    // Typical followers: 100 people and 20 datasets each, drawn by popularity.
    [
      "follows",
      `INSERT INTO "Follow" ("id", "followerId", "userId", "createdAt")
       SELECT DISTINCT ON (f, u) 'fu' || f || '-' || u, 'u' || (${USERS} - f), 'u' || u, now()
       FROM (SELECT f, ${pick(USERS - FOLLOWERS - 1)} AS u FROM generate_series(1, ${FOLLOWERS}) f, generate_series(1, 100)) x
       ON CONFLICT DO NOTHING;
       INSERT INTO "Follow" ("id", "followerId", "datasetId", "createdAt")
       SELECT DISTINCT ON (f, d) 'fd' || f || '-' || d, 'u' || (${USERS} - f), 'd' || d, now()
       FROM (SELECT f, ${pick(DATASETS)} AS d FROM generate_series(1, ${FOLLOWERS}) f, generate_series(1, 20)) x
       ON CONFLICT DO NOTHING`,
    ],
    // Niche followers: 100 people and 20 datasets each from the long tail, whose news is a small part of the site's.
    [
      "niche follows",
      `INSERT INTO "Follow" ("id", "followerId", "userId", "createdAt")
       SELECT DISTINCT ON (f, u) 'nu' || f || '-' || u, 'u' || (${NICHE_FROM} + f), 'u' || u, now()
       FROM (SELECT f, 1000 + floor(random() * 3000)::int AS u FROM generate_series(1, ${NICHE}) f, generate_series(1, 100)) x
       ON CONFLICT DO NOTHING;
       INSERT INTO "Follow" ("id", "followerId", "datasetId", "createdAt")
       SELECT DISTINCT ON (f, d) 'nd' || f || '-' || d, 'u' || (${NICHE_FROM} + f), 'd' || d, now()
       FROM (SELECT f, 300 + floor(random() * 700)::int AS d FROM generate_series(1, ${NICHE}) f, generate_series(1, 20)) x
       ON CONFLICT DO NOTHING`,
    ],
    // One user at the follow limit: the 1,000 most active people.
    [
      "heavy follower",
      `INSERT INTO "Follow" ("id", "followerId", "userId", "createdAt")
       SELECT 'fh' || g, 'u${USERS}', 'u' || g, now() FROM generate_series(1, 1000) g`,
    ],
    ["vacuum", `VACUUM ANALYZE`],
  ];
  for (const [name, sql] of steps) {
    const t0 = performance.now();
    for (const statement of sql.split(";\n")) await exec(statement);
    console.log(`  generated ${name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

export async function benchFeed() {
  const environment = await benchEnvironment();
  const { getPrisma } = await import("../lib/db");
  const { Prisma } = await import("../lib/generated/prisma/client");
  const { followedFeedRows, listFollowedFeed, listNotable } = await import("../lib/activity/queries");
  const db = getPrisma();
  console.log(`  generating ${EVENTS.toLocaleString("en-US")} activity entries…`);
  await generate((sql) => db.$executeRawUnsafe(sql));

  const followsOf = async (userId: string) => {
    const rows = await db.follow.findMany({ where: { followerId: userId }, select: { userId: true, datasetId: true } });
    return {
      users: rows.flatMap((r) => (r.userId ? [r.userId] : [])),
      datasets: rows.flatMap((r) => (r.datasetId ? [r.datasetId] : [])),
    };
  };
  const typical = await Promise.all(
    Array.from({ length: FOLLOWERS }, async (_, i) => {
      const userId = `u${USERS - 1 - i}`;
      return { userId, ...(await followsOf(userId)) };
    }),
  );
  const heavy = { userId: `u${USERS}`, ...(await followsOf(`u${USERS}`)) };
  const niche = await Promise.all(
    Array.from({ length: NICHE }, async (_, i) => {
      const userId = `u${NICHE_FROM + 1 + i}`;
      return { userId, ...(await followsOf(userId)) };
    }),
  );
  const randomNiche = () => niche[Math.floor(Math.random() * niche.length)]!;
  const randomTypical = () => typical[Math.floor(Math.random() * typical.length)]!;

  // The query one would write first: every followed thing's entries in one OR, sorted, cut (OFFSET for page k).
  const naive = (f: { users: string[]; datasets: string[] }, offset = 0) => db.$queryRaw<{ id: string }[]>`
    SELECT a."id", a."actorId", a."kind", a."subject", a."datasetId", a."createdAt" FROM "Activity" a
    WHERE (a."actorId" IN (${Prisma.join(f.users.length ? f.users : [""])}) AND a."notable")
       OR a."datasetId" IN (${Prisma.join(f.datasets.length ? f.datasets : [""])})
    ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ${PAGE + 1} OFFSET ${offset}`;
  const time = p95Time;

  // Both read the same entries (ours may drop an entry whose dataset is no longer listed: none are here).
  for (const f of [typical[0]!, niche[0]!, heavy]) {
    const ours = (await listFollowedFeed({ userId: f.userId, limit: PAGE }, db)).items.map((i) => i.id);
    const theirs = (await naive(f)).slice(0, PAGE).map((r) => r.id);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error("the feed differs from the OR query's answer");
  }
  // The cursor of the 50th page, per typical follower, read once (a reader pages one step at a time).
  const DEEP = 50;
  const deepCursor = new Map<string, string | null>();
  for (const f of typical) {
    let cursor: string | null = null;
    for (let p = 1; p < DEEP && (p === 1 || cursor); p++)
      cursor = (await listFollowedFeed({ userId: f.userId, cursor, limit: PAGE }, db)).nextCursor;
    deepCursor.set(f.userId, cursor);
  }
  const deepReaders = typical.filter((f) => deepCursor.get(f.userId));
  const randomDeep = () => deepReaders[Math.floor(Math.random() * deepReaders.length)]!;
  const inReach = (f: { users: string[]; datasets: string[] }) =>
    db.activity.count({
      where: { OR: [{ actorId: { in: f.users }, notable: true }, { datasetId: { in: f.datasets } }] },
    });
  const size = {
    typical: (await Promise.all(typical.map(inReach))).reduce((a, b) => a + b, 0) / typical.length,
    niche: (await Promise.all(niche.map(inReach))).reduce((a, b) => a + b, 0) / niche.length,
    heavy: await inReach(heavy),
  };

  const rows: { figure: string; value: string; ratio: number; rssMB: number; target?: string }[] = [];
  const pair = (label: string, baseline: [string, number], ours: [string, number], target: string) => {
    rows.push({
      figure: `${label}: ${baseline[0]} (baseline)`,
      value: `${baseline[1].toFixed(2)} ms`,
      ratio: 1,
      rssMB: peakRssMB(),
    });
    rows.push({
      figure: `${label}: ${ours[0]}`,
      value: `${ours[1].toFixed(2)} ms`,
      ratio: ours[1] / baseline[1],
      rssMB: peakRssMB(),
      target,
    });
  };
  const typicalLabel = `typical user (~${Math.round(size.typical).toLocaleString("en-US")} entries in reach)`;
  pair(
    `following feed, page 1, ${typicalLabel}`,
    ["OR query", await time(200, () => naive(randomTypical()))],
    [
      "one range per follow",
      await time(200, () => followedFeedRows({ userId: randomTypical().userId, limit: PAGE }, db)),
    ],
    "≤ 10 ms",
  );
  if (deepReaders.length)
    pair(
      `following feed, page ${DEEP}, ${typicalLabel}`,
      ["OR query, OFFSET", await time(100, () => naive(randomDeep(), (DEEP - 1) * PAGE))],
      [
        "one range per follow, keyset cursor",
        await time(100, () => {
          const f = randomDeep();
          return followedFeedRows({ userId: f.userId, cursor: deepCursor.get(f.userId), limit: PAGE }, db);
        }),
      ],
      "≤ 10 ms, as page 1",
    );
  pair(
    `following feed, page 1, niche user (~${Math.round(size.niche).toLocaleString("en-US")} entries in reach)`,
    ["OR query", await time(100, () => naive(randomNiche()))],
    [
      "one range per follow",
      await time(100, () => followedFeedRows({ userId: randomNiche().userId, limit: PAGE }, db)),
    ],
    "≤ 10 ms",
  );
  pair(
    `following feed, page 1, user at the follow limit (1,000 people, ${size.heavy.toLocaleString("en-US")} entries)`,
    ["OR query", await time(50, () => naive(heavy))],
    ["one range per follow", await time(50, () => followedFeedRows({ userId: heavy.userId, limit: PAGE }, db))],
    "≤ 50 ms",
  );
  pair(
    `following feed, whole page with titles and visibility checks, ${typicalLabel}`,
    ["OR query, rows only", await time(200, () => naive(randomTypical()))],
    ["listFollowedFeed", await time(200, () => listFollowedFeed({ userId: randomTypical().userId, limit: PAGE }, db))],
    "≤ 20 ms",
  );
  let everyoneCursor: string | null = null;
  for (let p = 1; p < DEEP; p++)
    everyoneCursor = (await listNotable({ cursor: everyoneCursor, limit: PAGE }, db)).nextCursor;
  pair(
    `everyone feed, page ${DEEP}, whole page`,
    [
      "OFFSET over the notable entries, rows only",
      await time(
        200,
        () => db.$queryRaw`
          SELECT "id", "actorId", "kind", "subject", "datasetId", "createdAt" FROM "Activity" WHERE "notable"
          ORDER BY "createdAt" DESC, "id" DESC LIMIT ${PAGE + 1} OFFSET ${(DEEP - 1) * PAGE}`,
      ),
    ],
    ["listNotable, keyset cursor", await time(200, () => listNotable({ cursor: everyoneCursor, limit: PAGE }, db))],
    "≤ 20 ms",
  );

  await environment.dispose();
  return {
    name: "feed",
    file: `${EVENTS.toLocaleString("en-US")} activity entries, ${USERS.toLocaleString("en-US")} users, ${DATASETS.toLocaleString("en-US")} datasets`,
    rows,
  };
}
