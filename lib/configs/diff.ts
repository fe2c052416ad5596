/**
 * Structured diff of two specs: one entry per leaf field path
 * (e.g. "training.optimizer.learningRate", "model.layers[2].units"), not a text diff.
 */
export type TDiffEntry = {
  path: string;
  kind: "added" | "removed" | "changed" | "same";
  before?: unknown;
  after?: unknown;
};

type TJson = null | boolean | number | string | TJson[] | { [k: string]: TJson };

function isObject(v: unknown): v is Record<string, TJson> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function diffSpecs(before: unknown, after: unknown, { includeSame = false } = {}): TDiffEntry[] {
  const out: TDiffEntry[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (a === undefined && b === undefined) return;
    if (a === undefined) return leaves(b, path, (p, v) => out.push({ path: p, kind: "added", after: v }));
    if (b === undefined) return leaves(a, path, (p, v) => out.push({ path: p, kind: "removed", before: v }));
    // Different shapes (a layer replaced by another type, object vs value): compare leaf by leaf.
    if ((isObject(a) || Array.isArray(a)) !== (isObject(b) || Array.isArray(b))) {
      leaves(a, path, (p, v) => out.push({ path: p, kind: "removed", before: v }));
      return leaves(b, path, (p, v) => out.push({ path: p, kind: "added", after: v }));
    }
    if (Object.is(a, b)) {
      if (includeSame) out.push({ path, kind: "same", before: a, after: b });
      return;
    }
    out.push({ path, kind: "changed", before: a, after: b });
  };
  walk(before, after, "");
  return out;
}

function leaves(v: unknown, path: string, emit: (path: string, value: unknown) => void) {
  if (Array.isArray(v)) {
    if (v.length === 0) emit(path, []);
    v.forEach((x, i) => leaves(x, `${path}[${i}]`, emit));
  } else if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) emit(path, {});
    for (const k of keys) leaves(v[k], path ? `${path}.${k}` : k, emit);
  } else emit(path, v);
}

/** A spec as leaf path → value, in document order (for comparing more than two specs at once). */
export function flattenSpec(spec: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  leaves(spec, "", (p, v) => out.set(p, v));
  return out;
}

export type TMultiDiffRow = { path: string; values: unknown[]; changed: boolean };

/** Field-by-field comparison of several specs: one row per leaf path present in any of them. */
export function diffMany(specs: unknown[]): TMultiDiffRow[] {
  const flat = specs.map(flattenSpec);
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const p of f.keys()) {
      if (seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
  }
  return paths.map((path) => {
    const values = flat.map((f) => (f.has(path) ? f.get(path) : undefined));
    const first = JSON.stringify(values[0]);
    return { path, values, changed: values.some((v, i) => !flat[i]!.has(path) || JSON.stringify(v) !== first) };
  });
}
