/** The editor's working copy: plain JSON that may be invalid while the user types. */
export type TDraft = Record<string, unknown>;

type TPathPart = string | number;

export function getAt(obj: unknown, path: TPathPart[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key as string] : undefined),
    obj,
  );
}

/** Immutable set: returns a copy of `obj` with `value` at `path` (creating objects on the way). */
export function setAt<T>(obj: T, path: TPathPart[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [TPathPart, ...TPathPart[]];
  const base = (Array.isArray(obj) ? [...(obj as unknown[])] : { ...((obj as object) ?? {}) }) as Record<
    string | number,
    unknown
  >;
  base[head] = setAt(base[head], rest, value);
  if (value === undefined && rest.length === 0 && !Array.isArray(base)) delete base[head];
  return base as T;
}
