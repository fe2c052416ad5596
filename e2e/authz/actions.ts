import { readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

/*
 * Calling server actions the way the browser does: POST to a page that carries the action, with the `Next-Action`
 * header naming its id (from the build's server-reference manifest) and the arguments encoded by React's own
 * `encodeReply`. The matrix judges an action by what it changed, not by its response.
 */
type TManifest = {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
};

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

export type TActionRef = { id: string; pages: string[] };

export function actionIndex(): Map<string, TActionRef> {
  const manifest = JSON.parse(
    readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8"),
  ) as TManifest;
  const index = new Map<string, TActionRef>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName)
      index.set(`${entry.filename}#${entry.exportedName}`, { id, pages: Object.keys(entry.workers) });
  }
  return index;
}

/** Posts an action call; returns the HTTP status (the effect is what the matrix checks). */
export async function callAction(
  baseURL: string,
  pagePath: string,
  actionId: string,
  args: unknown[],
  cookie: string,
): Promise<number> {
  const body = await encodeReply(args);
  const response = await fetch(new URL(pagePath, baseURL), {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": actionId,
      accept: "text/x-component",
      origin: baseURL,
      cookie,
      ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

export function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
  return data;
}
