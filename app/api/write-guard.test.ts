import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every state-changing route handler under app/api must start with requireWriter() (app/_server/writer.ts):
 * the per-user write limit — either itself, or through the route wrapper's `write` option (app/_server/route-handler.ts,
 * whose route-handler.test.ts checks that `write` calls requireWriter before the handler runs). Auth.js's own routes are
 * exempt (sign-in has its own limits). A new route that forgets it fails here.
 */
const API = path.join(import.meta.dirname);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

const WRITE_EXPORT =
  /export\s+(?:async\s+function\s+|const\s+|function\s+|const\s*\{[^}]*)\b(POST|PUT|PATCH|DELETE)\b/g;

/** The body of each exported write handler, from its export to the next top-level export. */
function writeHandlers(source: string): { method: string; body: string }[] {
  const starts = [...source.matchAll(WRITE_EXPORT)].map((m) => ({ method: m[1]!, at: m.index! }));
  return starts.map(({ method, at }) => {
    const next = source.slice(at + 1).search(/\nexport\s/);
    return { method, body: source.slice(at, next === -1 ? undefined : at + 1 + next) };
  });
}

const relative = (file: string) => path.relative(path.join(API, "..", ".."), file);
/**
 * Write handlers that act without a session, so the per-user write limit cannot apply; each names what guards it.
 */
const WITHOUT_SESSION: Record<string, string> = {
  [path.join("app", "api", "email", "unsubscribe", "route.ts")]:
    "one-click unsubscribe (RFC 8058): a signed token is the authority; it only turns the token's user's digests off",
};

const handlers = routeFiles(API)
  .filter((file) => !relative(file).startsWith(path.join("app", "api", "auth")))
  .flatMap((file) => writeHandlers(readFileSync(file, "utf8")).map((h) => ({ route: relative(file), ...h })));

describe("API write handlers", () => {
  it("exist (the scan finds them)", () => {
    expect(handlers.length).toBeGreaterThanOrEqual(6);
  });

  it.each(handlers.map((h) => [`${h.method} ${h.route}`, h.body] as const))(
    "%s counts against the write limit",
    (name, body) => {
      if (WITHOUT_SESSION[name.slice(name.indexOf(" ") + 1)]) return;
      const wrapped = /=\s*route\(\s*\{[^}]*\bauth:\s*"user"[^}]*\bwrite:\s*(?:true|\[)/.test(body);
      if (!wrapped) expect(body).toMatch(/await requireWriter\(/);
    },
  );
});

/**
 * Server actions are plain POSTs too (a script with a session cookie can send them), so every exported action in a
 * "use server" file counts against the same write limit — except those with a limit of their own, named here.
 */
const OWN_LIMITS: Record<string, string> = {
  signInAction: "sign-in limits per account and IP (lib/limits/sign-in.ts)",
  githubSignInAction: "only starts the OAuth redirect",
  signUpAction: "sign-up limit per IP",
  submitRunAction: "run-submission limit per user (runSubmit)",
  rerunAction: "run-submission limit per user (runSubmit)",
};
const APP = path.join(API, "..");
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\./.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}
const actions = sourceFiles(APP)
  .map((file) => ({ file, source: readFileSync(file, "utf8") }))
  .filter(({ source }) => /^\s*["']use server["']/.test(source))
  .flatMap(({ file, source }) => {
    const starts = [...source.matchAll(/export\s+async\s+function\s+(\w+)/g)].map((m) => ({
      name: m[1]!,
      at: m.index!,
    }));
    return starts.map(({ name, at }, i) => ({ name, file: relative(file), body: source.slice(at, starts[i + 1]?.at) }));
  });

describe("server actions", () => {
  it("exist (the scan finds them)", () => {
    expect(actions.length).toBeGreaterThanOrEqual(12);
  });

  it.each(actions.filter((a) => !(a.name in OWN_LIMITS)).map((a) => [`${a.name} (${a.file})`, a.body] as const))(
    "%s counts against the write limit",
    (_name, body) => {
      expect(body).toMatch(/await requireWriter\(/);
    },
  );

  it("exempt only actions that exist, each with its own limit", () => {
    for (const name of Object.keys(OWN_LIMITS)) expect(actions.map((a) => a.name)).toContain(name);
  });
});
