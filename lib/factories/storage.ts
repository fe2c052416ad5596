import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getPrisma, type TPrisma } from "../db";
import { loadEnv } from "../env";

// Read, not imported: Playwright's loader (e2e) wants an import attribute for JSON that vitest and tsc do not.
const en: unknown = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../i18n/messages/en.json"), "utf8"));

/** What an upload may have left on disk and in the database: tests compare it before and after a rejected upload. */
export async function storedBlobs(root = path.resolve(loadEnv().DATA_DIR)): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(e.name);
    }
  };
  await walk(path.join(root, "blobs"));
  return out.sort();
}

/** Files in the scratch folder: staged uploads (.part) and work files (packed images). */
export async function scratchFiles(root = path.resolve(loadEnv().DATA_DIR)): Promise<string[]> {
  return (await readdir(path.join(root, "tmp")).catch(() => [])).sort();
}

export async function ownedDatasetRows(ownerId: string, db: TPrisma = getPrisma()) {
  const [datasets, versions] = await Promise.all([
    db.dataset.count({ where: { ownerId } }),
    db.datasetVersion.count({ where: { dataset: { ownerId } } }),
  ]);
  return { datasets, versions };
}

/** Whether the message catalogue has `key` ("datasetErrors.csv.empty", "validation.title.tooShort"). */
export function catalogueHas(key: string): boolean {
  const node = key
    .split(".")
    .reduce<unknown>((n, part) => (n && typeof n === "object" ? (n as Record<string, unknown>)[part] : undefined), en);
  return typeof node === "string";
}
