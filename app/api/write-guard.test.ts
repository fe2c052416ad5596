import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every state-changing route handler under app/api must start with requireApiWriter() (app/_server/api-write.ts):
 * the per-user write limit. Auth.js's own routes are exempt (sign-in has its own limits). A new route that forgets
 * it fails here.
 */
const API = path.join(import.meta.dirname);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

const WRITE_EXPORT = /export\s+(?:async\s+function\s+|const\s+|function\s+|const\s*\{[^}]*)\b(POST|PUT|PATCH|DELETE)\b/g;

/** The body of each exported write handler, from its export to the next top-level export. */
function writeHandlers(source: string): { method: string; body: string }[] {
  const starts = [...source.matchAll(WRITE_EXPORT)].map((m) => ({ method: m[1]!, at: m.index! }));
  return starts.map(({ method, at }) => {
    const next = source.slice(at + 1).search(/\nexport\s/);
    return { method, body: source.slice(at, next === -1 ? undefined : at + 1 + next) };
  });
}

const relative = (file: string) => path.relative(path.join(API, "..", ".."), file);
const handlers = routeFiles(API)
  .filter((file) => !relative(file).startsWith(path.join("app", "api", "auth")))
  .flatMap((file) => writeHandlers(readFileSync(file, "utf8")).map((h) => ({ route: relative(file), ...h })));

describe("API write handlers", () => {
  it("exist (the scan finds them)", () => {
    expect(handlers.length).toBeGreaterThanOrEqual(6);
  });

  it.each(handlers.map((h) => [`${h.method} ${h.route}`, h.body] as const))("%s counts against the write limit", (_name, body) => {
    expect(body).toMatch(/await requireApiWriter\(/);
  });
});
