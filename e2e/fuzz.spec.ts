import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { createConfig } from "../lib/configs/mutations";
import { templateSpec } from "../lib/configs/templates";
import { disconnectPrisma } from "../lib/db";
import { answer, createThread } from "../lib/discussions/mutations";
import { createDatasetFrom, imageZip, sampleBytes } from "../lib/factories/datasets";
import { fuzz, fuzzTimeout } from "../lib/factories/fuzz";
import { createScoredRun } from "../lib/factories/runs";
import { catalogueHas } from "../lib/factories/storage";
import { createUser, uniqueSuffix } from "../lib/factories/users";
import { discoverSurface } from "./authz/discover";
import { signInViaApi } from "./fixtures";

/*
 * HTTP fuzzing (issue 12): every route handler's body, path and query, and every page's query parameters, driven
 * with fast-check against the real app, signed out and signed in. The property: no 5xx, and every 4xx JSON error
 * carries a specific code (and catalogue keys for its fields). 429 is an accepted answer (rate limits). Bounded:
 * 30 cases per route handler and method, 20 per page by default; FUZZ_RUNS=<n> for n each. A failure prints its seed and path;
 * FUZZ_SEED and FUZZ_PATH replay it (lib/factories/fuzz.ts).
 */
// Not serial: one route failing must not skip the others (a new worker builds its own world).

const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
const ROUTE_RUNS = 30;
const PAGE_RUNS = 20;

type TWorld = {
  owner: { handle: string };
  datasets: { owner: string; slug: string }[];
  configs: { owner: string; slug: string }[];
  runIds: string[];
  versionId: string;
  spec: unknown;
  threadIds: string[];
  /** The answer in threadIds[0]. */
  answerId: string;
  postIds: string[];
};
let world: TWorld;
const contexts: { name: string; ctx: APIRequestContext }[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  try {
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    const csv = await createDatasetFrom(
      sampleBytes("iris"),
      { title: `Fuzz iris ${uniqueSuffix()}`, targetColumn: "species", fileName: "iris.csv" },
      owner,
    );
    const hidden = await createDatasetFrom(
      "a,label\n1,x\n2,y\n3,x\n4,y\n",
      { title: `Fuzz private ${uniqueSuffix()}`, visibility: "PRIVATE" },
      owner,
    );
    const images = await createDatasetFrom(
      await imageZip({ cats: [200, 0, 0], dogs: [0, 0, 200] }, 3),
      { title: `Fuzz images ${uniqueSuffix()}`, kind: "IMAGE", targetColumn: "", fileName: "x.zip" },
      owner,
    );
    const spec = templateSpec("mlp", 3);
    const config = await createConfig({
      actor: owner,
      meta: { title: `Fuzz config ${uniqueSuffix()}`, designedForVersionId: csv.version.id },
      spec,
    });
    const unlisted = await createConfig({
      actor: owner,
      meta: { title: `Fuzz unlisted ${uniqueSuffix()}`, visibility: "UNLISTED" },
      spec,
    });
    const run = await createScoredRun({
      userId: owner.id,
      configId: config.config.id,
      configRevisionId: config.revision.id,
      datasetVersionId: csv.version.id,
      publicScores: { accuracy: 0.9 },
    });
    // Two questions with an answer each: one for the /api/threads routes, one whose posts the /api/posts routes get
    // (which may delete them).
    const [forThreads, forPosts] = await Promise.all(
      [1, 2].map(async () => {
        const thread = await createThread({
          actor: owner,
          input: { kind: "QUESTION", title: `Fuzz question ${uniqueSuffix()}`, body: "Why?", runId: run.id },
        });
        const answered = await answer({ actor: owner, threadId: thread.id, input: { body: "So.", runId: run.id } });
        return { thread, answered };
      }),
    );
    world = {
      threadIds: [forThreads!.thread.id],
      answerId: forThreads!.answered.id,
      postIds: [forPosts!.thread.openingPostId, forPosts!.answered.id],
      owner: { handle: owner.handle },
      datasets: [csv, hidden, images].map((d) => ({ owner: owner.handle, slug: d.dataset.slug })),
      configs: [config, unlisted].map((c) => ({ owner: owner.handle, slug: c.config.slug })),
      runIds: [run.id],
      versionId: csv.version.id,
      spec,
    };
    // Cross-site protection wants same-origin writes: say where we come from, as a browser would.
    const make = () => playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    contexts.push({ name: "anonymous", ctx: await make() });
    for (const [name, user] of [
      ["owner", owner],
      ["other", other],
    ] as const) {
      const ctx = await make();
      await signInViaApi(ctx, user);
      contexts.push({ name, ctx });
    }
  } finally {
    await disconnectPrisma();
  }
});

test.afterAll(async () => {
  for (const { ctx } of contexts) await ctx.dispose();
});

// ---- generators --------------------------------------------------------------

/** Values that have broken parsers before: numbers at and past the edges, encodings, injections, long and empty strings. */
const nasty = fc.oneof(
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1",
    "2",
    "1.5",
    "1e3",
    "1e309",
    "-1e309",
    "Infinity",
    "NaN",
    "99999999999",
    "2147483648",
    "9".repeat(40),
    "0x10",
    " 1 ",
  ),
  fc.constantFrom(
    "true",
    "null",
    "undefined",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "toString",
    "<script>alert(1)</script>",
    "' OR 1=1--",
    "../..",
    "%",
    "%00",
    "\u0000",
    "🙂",
    "名前",
    "a\r\nb",
    "\t",
  ),
  fc.constantFrom(
    "x".repeat(5000),
    "PUBLIC",
    "PRIVATE",
    "SUCCEEDED",
    "RUNNING",
    "accuracy",
    "rmse",
    "all",
    "private",
    "best",
    "versions",
    "data",
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);

/** A query string: known keys (repeated sometimes, which makes arrays) and random ones. */
const queryFor = (keys: string[]) => {
  // Parameters that name a row get real values too, so the fuzzer also gets past the lookup.
  const real: Record<string, string[]> = {
    version: [world.versionId],
    dataset: [world.versionId],
    run: world.runIds,
    r: ["1"],
    a: ["1"],
    b: ["1"],
    v: ["1"],
  };
  const value = (k: string) => (Object.hasOwn(real, k) ? fc.oneof(fc.constantFrom(...real[k]!), nasty) : nasty); // keys may be "constructor"
  const key = fc.oneof(
    { weight: 4, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.constant("q") },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  return fc
    .array(
      key.chain((k) => fc.tuple(fc.constant(k), value(k))),
      { maxLength: 5 },
    )
    .map((pairs) => {
      const qs = new URLSearchParams();
      for (const [k, v] of pairs) qs.append(k, v);
      const s = qs.toString();
      return s ? `?${s}` : "";
    });
};

/** A path segment: a real one most of the time, otherwise something hostile (URL-encoded, as a client must send it). */
const segment = (real: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: nasty.filter((s) => s !== "").map(encodeURIComponent) },
  );

type TParams = Record<string, string>;
/** Fills a route pattern ("/api/datasets/[owner]/[slug]/…") with generated segments. */
function pathFor(pattern: string): fc.Arbitrary<string> {
  const names = [...pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!);
  const subject = pattern.startsWith("/api/configs") || pattern.startsWith("/configs") ? world.configs : world.datasets;
  const real: Record<string, string[]> = {
    owner: [world.owner.handle],
    handle: [world.owner.handle],
    slug: subject.map((s) => s.slug),
    number: ["1", "2"],
    index: ["0", "1", "5"],
    id:
      pattern.startsWith("/api/threads") || pattern.startsWith("/discussions")
        ? world.threadIds
        : pattern.startsWith("/api/posts")
          ? world.postIds
          : world.runIds,
    postId: world.postIds,
    name: ["model.json", "weights.bin", "preprocessing.json"],
    nextauth: [
      "session",
      "csrf",
      "providers",
      "signin",
      "signout",
      "error",
      "callback/credentials",
      "callback/github",
      "signin/credentials",
    ],
  };
  return fc
    .record(Object.fromEntries(names.map((n) => [n, segment(real[n] ?? ["x"])])))
    .map((params: TParams) => pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, n: string) => params[n]!));
}

/** JSON bodies: anything, objects with the route's keys holding anything, near-valid ones, and text that is not JSON. */
function jsonBody(keys: string[], plausible: () => Record<string, unknown>) {
  const anything = fc.jsonValue({ maxDepth: 3 });
  return fc.oneof(
    fc.record({ kind: fc.constant("json" as const), value: anything }),
    fc.record({
      kind: fc.constant("json" as const),
      value: fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })), fc.oneof(anything, nasty), {
        maxKeys: 5,
      }),
    }),
    fc.record({
      kind: fc.constant("json" as const),
      value: fc
        .tuple(fc.constantFrom(...keys), fc.oneof(anything, nasty))
        .map(([k, v]) => ({ ...plausible(), [k]: v })),
    }),
    fc.record({
      kind: fc.constant("raw" as const),
      value: fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom("", "{", '{"spec":', "null", "\uFEFF{}", "[1,2", '{"a":1}garbage'),
      ),
    }),
  );
}

/** Multipart bodies for the upload routes: known fields with hostile values, and small good or bad files. */
const multipartBody = fc.record({
  fields: fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        "title",
        "license",
        "taskType",
        "targetColumn",
        "kind",
        "visibility",
        "tags",
        "slug",
        "imageSize",
        "imageChannels",
        "message",
        "description",
      ),
      fc.string({ maxLength: 6 }),
    ),
    nasty,
    { maxKeys: 8 },
  ),
  plausible: fc.boolean(),
  file: fc.option(
    fc.record({
      name: fc.constantFrom("a.csv", "a.tsv", "a.zip", "", "../../x.csv", "名前.csv"),
      bytes: fc.oneof(
        fc.constantFrom("a,label\n1,x\n2,y\n3,x\n", "label\n", "", "\u0000\u0001", '"unclosed,x\n'),
        fc.string({ maxLength: 200 }),
      ),
    }),
    { freq: 5 },
  ),
});

type TRequest = {
  method: string;
  path: string;
  query: string;
  body?:
    | { kind: "json" | "raw"; value: unknown }
    | { kind: "multipart"; value: typeof multipartBody extends fc.Arbitrary<infer T> ? T : never }
    | { kind: "form"; value: Record<string, string> };
};

// ---- what each route and page is sent -------------------------------------------

const BODY_KEYS: Record<string, { keys: string[]; plausible: () => Record<string, unknown> }> = {
  "POST /api/configs": {
    keys: ["title", "description", "visibility", "designedForVersionId", "message", "spec", "slug"],
    plausible: () => ({ title: "Fuzzed", spec: world.spec, designedForVersionId: world.versionId }),
  },
  "POST /api/configs/[owner]/[slug]/revisions": {
    keys: ["spec", "message"],
    plausible: () => ({ spec: world.spec, message: "m" }),
  },
  "POST /api/configs/[owner]/[slug]/forks": {
    keys: ["revision", "title"],
    plausible: () => ({ revision: 1, title: "Fork" }),
  },
  "PATCH /api/account": { keys: ["name", "bio"], plausible: () => ({ name: "N", bio: "B" }) },
  "POST /api/threads": {
    keys: ["kind", "title", "body", "tags", "runId", "configId", "datasetVersionId", "competitionId"],
    plausible: () => ({
      kind: "QUESTION",
      title: "Fuzzed question",
      body: "Body",
      tags: "a, b",
      runId: world.runIds[0],
    }),
  },
  "POST /api/threads/[id]/posts": {
    keys: ["kind", "body", "parentId", "runId", "configRevisionId"],
    plausible: () => ({ kind: "ANSWER", body: "Fuzzed answer", runId: world.runIds[0], parentId: null }),
  },
  "POST /api/threads/[id]/accept": { keys: ["postId"], plausible: () => ({ postId: world.answerId }) },
  "POST /api/threads/[id]/reproduce": { keys: ["runId"], plausible: () => ({ runId: world.runIds[0] }) },
  "POST /api/notifications": { keys: ["ids", "all"], plausible: () => ({ all: true }) },
  "DELETE /api/threads/[id]/accept": { keys: ["postId"], plausible: () => ({ postId: world.answerId }) },
  "PATCH /api/posts/[id]": { keys: ["body", "title"], plausible: () => ({ body: "Edited", title: "Fuzzed title" }) },
  "DELETE /api/posts/[id]": { keys: ["reason"], plausible: () => ({}) },
};
/** The thread list's query (lib/discussions/schemas.ts ZThreadListQuery): the API's and the index page's. */
const THREAD_LIST_KEYS = [
  "q",
  "kind",
  "unanswered",
  "mine",
  "tag",
  "dataset",
  "run",
  "config",
  "onDataset",
  "competition",
  "version",
  "sort",
  "page",
];
const QUERY_KEYS: Record<string, string[]> = {
  "GET /api/configs/[owner]/[slug]/revisions/[number]": ["download"],
  "GET /api/datasets/shape-info": ["version"],
  "GET /api/threads": THREAD_LIST_KEYS,
  "page /discussions/new": ["kind", "run", "config", "dataset", "competition"],
  "GET /api/users": ["prefix"],
  "page /discussions": THREAD_LIST_KEYS,
  "GET /api/auth/[...nextauth]": ["callbackUrl", "error", "csrf", "provider"],
  "POST /api/auth/[...nextauth]": ["callbackUrl", "error", "csrf", "provider"],
  "page /": ["cursor", "feed"],
  "page /datasets": ["q", "task", "tag", "sort", "page"],
  "page /datasets/[owner]/[slug]": ["tab", "v", "page"],
  "page /configs": ["q", "task", "layer", "author", "sort", "page"],
  "page /configs/new": ["template", "dataset", "import"],
  "page /configs/[owner]/[slug]": ["r"],
  "page /configs/[owner]/[slug]/diff": ["a", "b", "parent", "all"],
  "page /compare": ["run", "all"],
  "page /leaderboards": ["page"],
  "page /leaderboards/[owner]/[slug]": ["v", "metric", "view", "side", "page"],
  "page /leaderboards/[owner]/[slug]/competition": ["v"],
  "page /runs": ["status", "user", "page"],
  "page /signin": ["callbackUrl", "error"],
  "page /u/[handle]": ["cursor", "tab", "page"],
  "page /notifications": ["filter", "page"],
  "GET /api/notifications": ["filter", "page"],
  "GET /api/notifications/events": ["lastEventId"],
  "page /moderation": ["page"],
  "page /moderation/log": ["page"],
  "page /email/unsubscribe": ["token", "done"],
  "GET /api/email/unsubscribe": ["token"],
  "POST /api/email/unsubscribe": ["token"],
};

function requestFor(key: string): fc.Arbitrary<TRequest> {
  const [method, pattern] = key.split(" ") as [string, string];
  const path = pattern === "/" ? fc.constant("/") : pathFor(pattern);
  const query = queryFor(QUERY_KEYS[key] ?? []);
  const shape = BODY_KEYS[key];
  let body: fc.Arbitrary<TRequest["body"]> = fc.constant(undefined);
  if (shape) body = jsonBody(shape.keys, shape.plausible);
  else if (method === "POST" && /^\/api\/datasets(\/\[owner\]\/\[slug\]\/versions)?$/.test(pattern))
    body = multipartBody.map((value) => ({ kind: "multipart" as const, value }));
  else if (method === "POST" && pattern.startsWith("/api/auth")) {
    body = fc
      .dictionary(fc.constantFrom("csrfToken", "email", "password", "callbackUrl", "redirect", "json"), nasty, {
        maxKeys: 5,
      })
      .map((value) => ({ kind: "form" as const, value }));
  }
  return fc.record({
    method: fc.constant(method === "page" ? "GET" : method),
    path,
    query,
    body,
  }) as fc.Arbitrary<TRequest>;
}

/** The multipart body written out by hand: Playwright's own encoder refuses some of what we want to send (an empty file name). */
function encodeMultipart(value: Extract<TRequest["body"], { kind: "multipart" }>["value"]) {
  const boundary = `----fuzz${uniqueSuffix()}`;
  const fields = {
    ...(value.plausible
      ? { title: "Fuzzed upload", license: "CC0-1.0", taskType: "CLASSIFICATION", targetColumn: "label" }
      : {}),
    ...value.fields,
  };
  const parts = Object.entries(fields).map(([name, v]) =>
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${name.replace(/["\r\n]/g, "_")}"\r\n\r\n${v}\r\n`,
    ),
  );
  if (value.file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${value.file.name}"\r\ncontent-type: text/csv\r\n\r\n`,
      ),
      Buffer.from(value.file.bytes),
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { data: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** What the property reads of an answer. */
type TAnswer = Pick<APIResponse, "status" | "headers" | "text" | "json">;

/**
 * A server-sent event stream stays open while its reader is connected (the notifications stream never ends by
 * itself): read its status and headers with the caller's cookies, then hang up. Other answers are read whole.
 */
async function sendStream(ctx: APIRequestContext, url: string): Promise<TAnswer> {
  const cookies = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const controller = new AbortController();
  const response = await fetch(new URL(url, baseURL), { headers: { cookie: cookies }, signal: controller.signal });
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("text/event-stream") ? "" : await response.text();
  controller.abort();
  const headers = Object.fromEntries(response.headers.entries());
  return {
    status: () => response.status,
    headers: () => headers,
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
  };
}

async function send(ctx: APIRequestContext, r: TRequest): Promise<TAnswer> {
  const options = { maxRedirects: 0, failOnStatusCode: false, timeout: 20_000 } as const;
  const url = `${r.path}${r.query}`;
  if (r.method === "GET" && r.path.startsWith("/api/notifications/events")) return sendStream(ctx, url);
  const b = r.body;
  const withBody =
    b?.kind === "json"
      ? { data: JSON.stringify(b.value), headers: { "content-type": "application/json" } }
      : b?.kind === "raw"
        ? { data: String(b.value), headers: { "content-type": "application/json" } }
        : b?.kind === "form"
          ? { form: b.value }
          : b?.kind === "multipart"
            ? encodeMultipart(b.value)
            : {};
  return ctx.fetch(url, { method: r.method, ...options, ...withBody });
}

/** The property for one answer: no 5xx; a JSON 4xx names a specific code, and its field messages are catalogue keys. */
async function expectWellFormed(response: TAnswer, key: string) {
  const status = response.status();
  expect(status, "no 5xx").toBeLessThan(500);
  const type = response.headers()["content-type"] ?? "";
  if (type.includes("text/html")) {
    // A streamed page has sent 200 before a server component throws; the error then travels in the HTML with a
    // numeric digest (notFound() and redirect() carry named digests, which are fine).
    const digest = /data-dgst="(\d+)"|digest\\?":\\?"(\d+)/.exec(await response.text());
    expect(digest?.[0] ?? null, "no server error streamed into the page").toBeNull();
  }
  if (status < 400 || status === 429) return;
  if (!type.includes("application/json") || key.includes("/api/auth/")) return; // pages answer 4xx with HTML; Auth.js has its own errors
  const body = (await response.json()) as {
    error?: { code?: unknown; fields?: Record<string, unknown>; key?: unknown; issues?: unknown[] };
  };
  expect(typeof body.error?.code, "a 4xx names its error code").toBe("string");
  expect(body.error!.code).not.toBe("INTERNAL");
  for (const field of Object.values(body.error!.fields ?? {}))
    expect(field === "invalid" || catalogueHas(`validation.${String(field)}`), `validation.${String(field)}`).toBe(
      true,
    );
  if (body.error!.code === "INVALID_DATA")
    expect(catalogueHas(`datasetErrors.${String(body.error!.key)}`), String(body.error!.key)).toBe(true);
  if (body.error!.code === "INVALID_SPEC") expect(body.error!.issues?.length).toBeGreaterThan(0);
}

// ---- the tests ---------------------------------------------------------------

const surface = discoverSurface().filter((k) => !k.startsWith("action "));
const APP = path.resolve(import.meta.dirname, "../app");
/** "page /leaderboards/[owner]/[slug]" → its file, route groups such as "(board)" left out of the URL as Next does. */
const sourceFiles = new Map<string, string>();
(function walk(dir: string) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/^(page\.tsx|route\.ts)$/.test(e.name)) {
      const url =
        "/" +
        path
          .relative(APP, dir)
          .split(path.sep)
          .filter((p) => p && !/^\(.*\)$/.test(p))
          .join("/");
      sourceFiles.set(`${e.name.startsWith("page") ? "page" : "route"} ${url}`, full);
    }
  }
})(APP);

test("the fuzz suite knows every route's body, every page's query parameters and every path segment", () => {
  expect(surface.length).toBeGreaterThan(20);
  const knownSegments = ["owner", "handle", "slug", "number", "index", "id", "postId", "name", "nextauth"];
  for (const key of surface) {
    const [method, pattern] = key.split(" ") as [string, string];
    for (const m of pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g))
      expect(knownSegments, `${key}: path segment [${m[1]}] needs real values in pathFor()`).toContain(m[1]);
    const file = sourceFiles.get(`${method === "page" ? "page" : "route"} ${pattern}`);
    expect(file, `${key}: its source file`).toBeDefined();
    const source = readFileSync(file!, "utf8");
    if (/searchParams|\bquery:\s*z\./.test(source))
      expect(QUERY_KEYS[key], `${key} reads query parameters: list them in QUERY_KEYS`).toBeDefined();
    if (method !== "GET" && method !== "page" && /readJson\(|parseBody\(|\bbody:\s*Z/.test(source))
      expect(BODY_KEYS[key], `${key} reads a JSON body: list its keys in BODY_KEYS`).toBeDefined();
  }
});

for (const key of surface) {
  const runs = key.startsWith("page ") ? PAGE_RUNS : ROUTE_RUNS;
  test(`fuzz ${key}`, async () => {
    test.setTimeout(fuzzTimeout(180_000));
    const seen = new Map<number, number>();
    await fuzz(
      key,
      fc.asyncProperty(requestFor(key), fc.nat({ max: contexts.length - 1 }), async (r, who) => {
        const response = await send(contexts[who]!.ctx, r);
        seen.set(response.status(), (seen.get(response.status()) ?? 0) + 1);
        try {
          await expectWellFormed(response, key);
        } catch (error) {
          throw new Error(
            `${contexts[who]!.name}: ${r.method} ${r.path}${r.query} → ${response.status()} ${(await response.text()).slice(0, 300)}\n${String(error)}`,
          );
        }
      }),
      runs,
      150_000,
    );
    console.info(`${key}: statuses ${JSON.stringify(Object.fromEntries(seen))}`);
  });
}
