import { mkdirSync, writeFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { disconnectPrisma } from "../lib/db";
import { actionIndex, callAction } from "./authz/actions";
import { discoverSurface } from "./authz/discover";
import { TABLE, type TCase, type THttpCheck, type TOutcome } from "./authz/table";
import { buildWorld, HALVES, ROLES, VISIBILITIES, type TRole, type TWorld } from "./authz/world";
import { signInViaApi } from "./fixtures";

/*
 * The authorisation matrix (issue 12): every page, route handler and server action × role × visibility × hidden
 * half, from the one table in e2e/authz/table.ts, against the real app. Every mismatch is collected, so one run
 * shows them all; zero are allowed.
 */

let world: TWorld;
const contexts = {} as Record<TRole, APIRequestContext>;
const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await buildWorld();
  for (const role of ROLES) {
    contexts[role] = await playwrightRequest.newContext({ baseURL });
    if (role !== "anonymous") await signInViaApi(contexts[role], world[role]);
  }
});

test.afterAll(async () => {
  for (const c of Object.values(contexts)) await c?.dispose();
});

function outcomeOf(response: APIResponse): TOutcome | `status ${number}` {
  const status = response.status();
  if (status >= 200 && status < 300) return "ok";
  if (status >= 300 && status < 400)
    return /\/signin\b/.test(response.headers()["location"] ?? "") ? "signIn" : "redirect";
  const named: Record<number, TOutcome> = { 401: "unauthorized", 403: "forbidden", 404: "notFound", 422: "invalid" };
  return named[status] ?? `status ${status}`;
}

function* cases(dims: ("vis" | "half")[]): Generator<Pick<TCase, "role" | "vis" | "half">> {
  for (const role of ROLES)
    for (const vis of dims.includes("vis") ? VISIBILITIES : (["PUBLIC"] as const))
      for (const half of dims.includes("half") ? HALVES : (["hidden"] as const)) yield { role, vis, half };
}

const actorOf = (role: TRole) => (role === "anonymous" ? null : world[role].id);

async function send(role: TRole, check: THttpCheck) {
  const options = {
    maxRedirects: 0,
    failOnStatusCode: false,
    ...(check.json !== undefined ? { data: check.json } : {}),
    ...(check.multipart ? { multipart: check.multipart } : {}),
  };
  const ctx = contexts[role];
  // Cross-site protection wants same-origin writes: say where we come from, as a browser would.
  const headers = check.method && check.method !== "GET" ? { origin: baseURL } : undefined;
  if (check.method === "POST") return ctx.post(check.path, { ...options, headers });
  if (check.method === "PATCH") return ctx.patch(check.path, { ...options, headers });
  if (check.method === "DELETE") return ctx.delete(check.path, { ...options, headers });
  return ctx.get(check.path, options);
}

test("the table names every page, route handler and server action the app has, and nothing else", () => {
  const found = discoverSurface();
  expect(
    found.filter((k) => !(k in TABLE)),
    "surface the authorisation table does not name: add a row to e2e/authz/table.ts",
  ).toEqual([]);
  expect(
    Object.keys(TABLE).filter((k) => !found.includes(k)),
    "rows for routes that no longer exist",
  ).toEqual([]);
});

test("pages and route handlers answer each role exactly as the table says", async () => {
  test.setTimeout(600_000);
  const failures: string[] = [];
  let checked = 0;
  for (const [key, entry] of Object.entries(TABLE)) {
    if (entry.kind !== "http") continue;
    for (const c of cases(entry.dims)) {
      const full: TCase = { ...c, world, s: world.subjects[c.vis][c.half], actorId: actorOf(c.role) };
      for (const check of entry.checks(full)) {
        checked++;
        const label = `${key} · ${c.role} · ${c.vis} · ${c.half} · ${check.method ?? "GET"} ${check.path}`;
        const response = await send(c.role, check);
        const got = outcomeOf(response);
        if (got !== check.expect) {
          failures.push(`${label}: expected ${check.expect}, got ${got}`);
          continue;
        }
        if (got !== "ok" || (!check.present?.length && !check.absent?.length)) continue;
        const body = await response.text();
        for (const s of check.present ?? []) if (!body.includes(s)) failures.push(`${label}: "${s}" missing`);
        for (const s of check.absent ?? []) if (body.includes(s)) failures.push(`${label}: "${s}" must not be shown`);
      }
    }
  }
  mkdirSync("test-results", { recursive: true });
  writeFileSync(
    "test-results/authz-matrix.json",
    JSON.stringify({ surface: Object.keys(TABLE).length, httpChecks: checked, failures: failures.length }),
  );
  console.log(
    `authorisation matrix: ${checked} page/route checks over ${Object.keys(TABLE).length} table rows, ${failures.length} failures`,
  );
  expect(failures).toEqual([]);
});

test("server actions change things only for the roles the table allows", async () => {
  test.setTimeout(300_000);
  const actions = actionIndex();
  const failures: string[] = [];
  let checked = 0;
  try {
    for (const [key, entry] of Object.entries(TABLE)) {
      if (entry.kind !== "action") continue;
      const ref = actions.get(key.replace(/^action /, ""));
      if (!ref) {
        failures.push(`${key}: not in the build's server-reference manifest`);
        continue;
      }
      for (const c of cases(entry.dims)) {
        const full: TCase = { ...c, world, s: world.subjects[c.vis][c.half], actorId: actorOf(c.role) };
        const check = entry.check(full);
        const label = `${key} · ${c.role} · ${c.vis}`;
        const cookie = (await contexts[c.role].storageState()).cookies.map((k) => `${k.name}=${k.value}`).join("; ");
        const before = JSON.stringify(await check.probe());
        const status = await callAction(baseURL, check.page, ref.id, await check.args(), cookie);
        const after = JSON.stringify(await check.probe());
        await check.cleanup?.();
        checked++;
        // A refused action throws (requireUser, NOT_FOUND…), which Next answers with a 500 and an error digest: the
        // effect decides. An allowed one must not fail.
        if (status >= 500 && check.effect) failures.push(`${label}: answered ${status}`);
        if ((before !== after) !== check.effect)
          failures.push(
            `${label}: expected ${check.effect ? "a change" : "no change"}, state ${before} → ${after} (HTTP ${status})`,
          );
      }
    }
  } finally {
    await disconnectPrisma();
  }
  mkdirSync("test-results", { recursive: true });
  writeFileSync(
    "test-results/authz-actions.json",
    JSON.stringify({ actionChecks: checked, failures: failures.length }),
  );
  console.log(`authorisation matrix: ${checked} server-action checks, ${failures.length} failures`);
  expect(failures).toEqual([]);
});
