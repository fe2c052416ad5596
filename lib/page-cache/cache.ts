import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gunzip as gunzipCb, gzip as gzipCb } from "node:zlib";
import { loadEnv } from "../env";
import { LOCALE_COOKIE, negotiateLocale } from "../i18n/locales";
import { listenForBoardPageChanges } from "./invalidation";
import { boardPageState, boardsIndexState, type TPageState } from "./stamps";

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/**
 * Rendered leaderboard pages for signed-out visitors, kept until the data they show
 * changes. Each request needs the page's stamp (lib/page-cache/stamps.ts: one
 * indexed query whose inputs the database's triggers keep current) and is answered
 * from memory while the stamp matches the cached copy's, so a cached board follows its
 * runs — unlike a time-based micro-cache, which also re-renders boards that did not
 * change and serves boards that did.
 *
 * - Stamps are read once and kept while this process listens for the triggers'
 *   notifications (lib/page-cache/invalidation.ts): a change to a dataset's
 *   boards drops that dataset's stamps, a display change drops all, a competition
 *   boundary or the minute (for the index) ends a stamp's validity. So a hit costs no
 *   query, and a page is behind a commit until its notification arrives (on the order
 *   of a millisecond) and its new copy has rendered (STALE meanwhile). Without the
 *   listener (starting, reconnecting) every request reads its stamp.
 *
 * - One render per page and stamp, however many visitors arrive meanwhile: they get the
 *   previous copy if there is one (STALE), else wait for it (MISS).
 * - Bodies are kept gzipped (HTML compresses several-fold; sizes in docs/PERFORMANCE.md); memory is capped by `PAGE_CACHE_MB`
 *   (least recently used pages leave first).
 * - Never for signed-in visitors (their pages differ: header, own row, owner controls),
 *   client-side navigations (RSC requests), anything but a 200 HTML page, private datasets.
 * - A copy older than MAX_AGE_MS is rendered again even if its stamp matches: a safety
 *   net for edits made outside the app (a manual SQL fix), not a freshness mechanism.
 */
type TEntry = { stamp: string; body: Buffer; headers: [string, string][]; storedAt: number };

const MAX_AGE_MS = 10 * 60_000;
const BYPASS_HEADER = "x-trainyard-render";
/** Per process: only this process's own renders skip the cache. */
const BYPASS_TOKEN = randomBytes(16).toString("hex");
const BOARD_PATH = /^\/leaderboards\/([^/]+)\/([^/]+)\/?$/;
const INDEX_PATH = /^\/leaderboards\/?$/;
const DROPPED_HEADERS = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
]);

/** Stamps read since the last change to their dataset, by page path (the stamp does not depend on the query or locale). */
const stamps = new Map<string, TPageState & { readAt: number }>();
/** Safety net for stamps as MAX_AGE_MS is for pages; one query per page and minute costs nothing. */
const STAMP_MAX_AGE_MS = 60_000;
/** Bumped by every notification and gap: a stamp read across one may already be stale, so it is not kept. */
let generation = 0;
let listener: ReturnType<typeof listenForBoardPageChanges> | null = null;

const entries = new Map<string, TEntry>();
let storedBytes = 0;
const inflight = new Map<string, Promise<TEntry | null>>();

type TRequest = {
  method: string;
  url: string;
  headers: Headers;
  cookies: { get(name: string): { value: string } | undefined; getAll(): { name: string }[] };
};

const maxBytes = () => loadEnv().PAGE_CACHE_MB * 1024 * 1024;
/** "/leaderboards/a/b/" and "/leaderboards/a/b" are one page. */
const pagePath = (pathname: string) => pathname.replace(/\/$/, "") || "/";

/** The cache key, or null when this request must render fresh. */
export function cacheKey(request: TRequest): string | null {
  if (request.method !== "GET" || process.env.NODE_ENV !== "production" || !process.env.PORT || maxBytes() <= 0)
    return null;
  if (request.headers.get(BYPASS_HEADER) === BYPASS_TOKEN) return null;
  const url = new URL(request.url);
  if (!(BOARD_PATH.test(url.pathname) || INDEX_PATH.test(url.pathname)) || url.searchParams.has("_rsc")) return null;
  if (
    request.headers.has("rsc") ||
    request.headers.has("next-router-prefetch") ||
    request.headers.has("next-router-state-tree")
  )
    return null;
  if (request.cookies.getAll().some((c) => c.name.includes("session-token"))) return null;
  const locale = negotiateLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  const search = new URLSearchParams([...url.searchParams].sort(([a], [b]) => a.localeCompare(b)));
  return `${locale} ${pagePath(url.pathname)}?${search}`;
}

const localeOfKey = (key: string) => key.slice(0, key.indexOf(" "));

function startListening() {
  listener ??= listenForBoardPageChanges({
    connectionString: loadEnv().DATABASE_URL,
    onChange(change) {
      generation++;
      if (change === "*") return stamps.clear();
      for (const [path, state] of stamps)
        if (state.datasetId === change || state.datasetId === null) stamps.delete(path);
    },
    onGap() {
      generation++;
      stamps.clear();
    },
    log: (message) => console.warn(message),
  });
  return listener;
}

/** The stamp of what the page shows now, or null when the page must not be cached. */
async function stampOf(pathname: string, now: Date): Promise<string | null> {
  const path = pagePath(pathname);
  const listening = startListening().listening;
  const known = listening ? stamps.get(path) : undefined;
  if (known && known.validUntil > now.getTime() && known.readAt + STAMP_MAX_AGE_MS > now.getTime()) return known.stamp;
  const before = generation;
  const board = BOARD_PATH.exec(pathname);
  const state = board
    ? await boardPageState(decodeURIComponent(board[1]!), decodeURIComponent(board[2]!), now)
    : await boardsIndexState(now);
  if (state && listening && generation === before) stamps.set(path, { ...state, readAt: now.getTime() });
  return state?.stamp ?? null;
}

async function render(request: TRequest, key: string, stamp: string): Promise<TEntry | null> {
  const url = new URL(request.url);
  const response = await fetch(`http://127.0.0.1:${process.env.PORT}${url.pathname}${url.search}`, {
    // identity: the copy is compressed once here, off the main thread, not by Next and again by us.
    headers: {
      [BYPASS_HEADER]: BYPASS_TOKEN,
      // Only the key's locale: a copy shared by every visitor of that locale carries none of this visitor's cookies.
      "accept-language": localeOfKey(key),
      cookie: `${LOCALE_COOKIE}=${localeOfKey(key)}`,
      "accept-encoding": "identity",
    },
    redirect: "manual",
  }).catch(() => null);
  if (
    !response ||
    response.status !== 200 ||
    response.headers.has("set-cookie") ||
    !response.headers.get("content-type")?.startsWith("text/html")
  ) {
    await response?.body?.cancel();
    return null;
  }
  const entry: TEntry = {
    stamp,
    body: await gzip(Buffer.from(await response.arrayBuffer())),
    headers: [...response.headers].filter(([name]) => !DROPPED_HEADERS.has(name)),
    storedAt: Date.now(),
  };
  store(key, entry);
  return entry;
}

function store(key: string, entry: TEntry) {
  forget(key);
  entries.set(key, entry);
  storedBytes += entry.body.length;
  // Map order is insertion order and hits re-insert: the first keys are the least recently used.
  for (const k of entries.keys()) {
    if (storedBytes <= maxBytes()) break;
    forget(k);
  }
}

function forget(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  storedBytes -= entry.body.length;
}

function fill(request: TRequest, key: string, stamp: string): Promise<TEntry | null> {
  const id = `${key}#${stamp}`;
  let pending = inflight.get(id);
  if (!pending) {
    pending = render(request, key, stamp).finally(() => inflight.delete(id));
    inflight.set(id, pending);
  }
  return pending;
}

/** A cached (or freshly rendered and cached) page for a signed-out visitor, or null to render normally. */
export async function cachedPage(request: TRequest): Promise<Response | null> {
  const key = cacheKey(request);
  if (!key) return null;
  const stamp = await stampOf(new URL(request.url).pathname, new Date()).catch(() => null);
  if (stamp === null) return null;
  let entry = entries.get(key);
  let state: "HIT" | "STALE" | "MISS" = "HIT";
  const young = entry !== undefined && entry.storedAt + MAX_AGE_MS > Date.now();
  if (entry && young && entry.stamp === stamp) {
    entries.delete(key); // most recently used goes last
    entries.set(key, entry);
  } else if (entry && young) {
    // The board changed: its new copy renders in the background and the visitors who
    // arrive meanwhile get the previous one, so nobody queues behind a render for a
    // page that is already cached; a visitor is at most one render behind. A render
    // that fails drops the old copy, so the next visitor sees what a fresh render gives.
    state = "STALE";
    void fill(request, key, stamp).then((fresh) => fresh || forget(key));
  } else {
    state = "MISS";
    entry = (await fill(request, key, stamp)) ?? undefined;
    if (!entry) return null;
  }
  const headers = new Headers(entry.headers);
  headers.set("x-trainyard-cache", state);
  // One copy per locale, chosen by cookie or Accept-Language: a shared HTTP cache in front must key by both too.
  headers.set("vary", [headers.get("vary"), "Accept-Language", "Cookie"].filter(Boolean).join(", "));
  headers.set("content-language", localeOfKey(key));
  // Next compresses what the proxy returns for clients that accept it (and drops any
  // content-encoding set here), so the copy goes out as HTML; unpacking it is off the main thread.
  return new Response(new Uint8Array(await gunzip(entry.body)), { status: 200, headers });
}
