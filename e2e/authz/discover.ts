import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Everything an attacker can call, read from the app folder itself: pages, route handlers with their methods, and
 * server actions (exported from "use server" files, or inline "use server" functions). The authorisation matrix
 * fails when this finds something its table does not name, so a new route cannot ship unchecked.
 */
const APP = path.resolve(import.meta.dirname, "../../app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** "app/datasets/[owner]/[slug]/page.tsx" → "/datasets/[owner]/[slug]"; route groups "(x)" drop out. */
const urlOf = (file: string) =>
  "/" +
  path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((p) => p && !/^\(.*\)$/.test(p))
    .join("/");

export function discoverSurface(): string[] {
  const keys: string[] = [];
  for (const file of walk(APP)) {
    const base = path.basename(file);
    const source = () => readFileSync(file, "utf8");
    if (/^page\.(tsx|ts|jsx|js)$/.test(base)) keys.push(`page ${urlOf(file).replace(/^\/$/, "/")}`);
    if (/^route\.(ts|js)$/.test(base)) {
      const text = source();
      const methods = new Set<string>();
      for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g))
        methods.add(m[1]!);
      for (const m of text.matchAll(/export\s+const\s+\{([^}]*)\}/g))
        for (const name of m[1]!.split(",")) methods.add(name.trim());
      for (const m of text.matchAll(/export\s+const\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*=/g))
        methods.add(m[1]!);
      for (const method of [...methods].filter((x) => /^[A-Z]+$/.test(x)).sort()) keys.push(`${method} ${urlOf(file)}`);
    }
    if (/\.(tsx|ts)$/.test(base) && !/\.test\.tsx?$/.test(base)) {
      const text = source();
      const rel = path.relative(path.dirname(APP), file).split(path.sep).join("/");
      if (/^\s*["']use server["']/m.test(text.split("\n").slice(0, 3).join("\n"))) {
        for (const m of text.matchAll(/export\s+async\s+function\s+(\w+)/g)) keys.push(`action ${rel}#${m[1]}`);
        for (const m of text.matchAll(/export\s+const\s+(\w+)\s*=\s*async\b/g)) keys.push(`action ${rel}#${m[1]}`);
      } else {
        // Inline server actions: `async function name(...) { "use server"; ... }` or `async () => { "use server" }`.
        for (const m of text.matchAll(/async\s+function\s+(\w+)\s*\([^)]*\)\s*(?::[^{]+)?\{\s*["']use server["']/g))
          keys.push(`action ${rel}#${m[1]}`);
        for (const m of text.matchAll(/(\w+)\s*=\s*async\s*\([^)]*\)\s*=>\s*\{\s*["']use server["']/g))
          keys.push(`action ${rel}#${m[1]}`);
        if (/action=\{async\s*\(\)\s*=>\s*\{\s*["']use server["']/.test(text))
          keys.push(`action ${rel}#<inline form action>`);
      }
    }
  }
  return keys.sort();
}
