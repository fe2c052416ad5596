import { randomBytes } from "node:crypto";
import { loadEnv } from "@/lib/env";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/locales";

/**
 * A short-lived cache of rendered pages for signed-out visitors, in front of the
 * busiest public pages (leaderboards): the same idea as a reverse proxy's
 * micro-cache, kept inside the app so a plain `next start` has it. Signed-in
 * visitors, client-side navigations (RSC requests) and anything but a 200 HTML
 * page always render fresh.
 * - A page enters the cache on its second request within ADMIT_WINDOW_MS: a page
 *   asked for once renders directly, without the extra internal hop a cache fill costs.
 * - A cached page is fresh for `PAGE_CACHE_TTL_MS`; after that it is still served
 *   (stale) for up to STALE_MS while one background render replaces it, so a busy
 *   board is re-rendered at most once per TTL however many people watch it.
 * A watched board is thus about TTL + one render behind its runs, an idle one at most TTL + STALE_MS
 * (on its first request after a pause); `PAGE_CACHE_TTL_MS=0` turns the cache off.
 */
type TEntry = { body: ArrayBuffer; headers: [string, string][]; expires: number };

const MAX_ENTRIES = 300;
const ADMIT_WINDOW_MS = 10_000;
const STALE_MS = 10_000;
const BYPASS_HEADER = "x-trainyard-render";
/** Per process: only this process's own renders skip the cache. */
const BYPASS_TOKEN = randomBytes(16).toString("hex");
const CACHEABLE_PATH = /^\/leaderboards(\/[^/]+\/[^/]+)?\/?$/;

const entries = new Map<string, TEntry>();
const inflight = new Map<string, Promise<TEntry | null>>();
/** Pages asked for recently, and when: the admission filter. */
const seen = new Map<string, number>();

type TRequest = { method: string; url: string; headers: Headers; cookies: { get(name: string): { value: string } | undefined; getAll(): { name: string }[] } };

/** The cache key, or null when this request must render fresh. */
export function cacheKey(request: TRequest): string | null {
  if (request.method !== "GET" || process.env.NODE_ENV !== "production" || !process.env.PORT || loadEnv().PAGE_CACHE_TTL_MS <= 0) return null;
  if (request.headers.get(BYPASS_HEADER) === BYPASS_TOKEN) return null;
  const url = new URL(request.url);
  if (!CACHEABLE_PATH.test(url.pathname) || url.searchParams.has("_rsc")) return null;
  if (request.headers.has("rsc") || request.headers.has("next-router-prefetch") || request.headers.has("next-router-state-tree")) return null;
  if (request.cookies.getAll().some((c) => c.name.includes("session-token"))) return null;
  const locale = negotiateLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  return `${locale} ${url.pathname}${url.search}`;
}

async function render(request: TRequest, key: string): Promise<TEntry | null> {
  const url = new URL(request.url);
  const response = await fetch(`http://127.0.0.1:${process.env.PORT}${url.pathname}${url.search}`, {
    headers: { [BYPASS_HEADER]: BYPASS_TOKEN, "accept-language": request.headers.get("accept-language") ?? "", cookie: request.headers.get("cookie") ?? "" },
    redirect: "manual",
  }).catch(() => null);
  if (!response || response.status !== 200 || response.headers.has("set-cookie") || !response.headers.get("content-type")?.startsWith("text/html")) return null;
  const entry: TEntry = { body: await response.arrayBuffer(), headers: [...response.headers].filter(([name]) => !["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name)), expires: Date.now() + loadEnv().PAGE_CACHE_TTL_MS };
  entries.delete(key);
  entries.set(key, entry);
  for (const [k, e] of entries) if (entries.size > MAX_ENTRIES || e.expires < Date.now()) entries.delete(k);
  return entry;
}

function refresh(request: TRequest, key: string): Promise<TEntry | null> {
  let fill = inflight.get(key);
  if (!fill) {
    fill = render(request, key).finally(() => inflight.delete(key));
    inflight.set(key, fill);
  }
  return fill;
}

/** A cached (or freshly rendered and cached) response for a signed-out visitor, or null to render normally. */
export async function cachedPage(request: TRequest): Promise<Response | null> {
  const key = cacheKey(request);
  if (!key) return null;
  const now = Date.now();
  const cached = entries.get(key);
  let state: "HIT" | "STALE" | "MISS";
  let entry: TEntry | null;
  if (cached && cached.expires > now) {
    state = "HIT";
    entry = cached;
  } else if (cached && cached.expires + STALE_MS > now) {
    state = "STALE";
    entry = cached;
    void refresh(request, key); // one background render per page, however many requests arrive meanwhile
  } else {
    const last = seen.get(key);
    seen.delete(key);
    seen.set(key, now);
    for (const [k, at] of seen) if (seen.size > 5 * MAX_ENTRIES || at + ADMIT_WINDOW_MS < now) seen.delete(k);
    else break;
    if (last === undefined || last + ADMIT_WINDOW_MS < now) return null; // first sighting: render directly
    state = "MISS";
    entry = await refresh(request, key);
  }
  if (!entry) return null;
  const headers = new Headers(entry.headers);
  headers.set("x-trainyard-cache", state);
  return new Response(entry.body, { status: 200, headers });
}
