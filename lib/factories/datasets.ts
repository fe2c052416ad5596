import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { createDataset } from "../datasets/mutations";
import type { TDatasetMetaInput } from "../datasets/schemas";
import { getBlobStore } from "../storage";
import { createUser, uniqueSuffix } from "./users";
import { makeZip } from "./zip";

/** The sample datasets shipped in prisma/seed-data (see its README for sources and licences). */
export const SAMPLE_DIR = path.resolve(import.meta.dirname, "../../prisma/seed-data");
export const SAMPLES = {
  iris: { file: "iris.csv", target: "species", task: "CLASSIFICATION", license: "CC-BY-4.0", title: "Iris flowers" },
  penguins: {
    file: "penguins.csv",
    target: "species",
    task: "CLASSIFICATION",
    license: "CC0-1.0",
    title: "Palmer penguins",
  },
  mpg: { file: "mpg.csv", target: "mpg", task: "REGRESSION", license: "CC-BY-4.0", title: "Auto MPG" },
} as const;

export const sampleBytes = (name: keyof typeof SAMPLES) => readFileSync(path.join(SAMPLE_DIR, SAMPLES[name].file));

export async function stageBytes(bytes: Buffer | string, maxBytes = 200 * 1024 ** 2) {
  return getBlobStore().stage(Readable.from([Buffer.from(bytes)]), { maxBytes });
}

/** Creates a dataset from bytes through the real upload code path. */
export async function createDatasetFrom(
  bytes: Buffer | string,
  meta: Partial<TDatasetMetaInput> & { fileName?: string } = {},
  owner?: TSessionUser,
  db: TPrisma = getPrisma(),
) {
  const actor = owner ?? (await createUser({}, db));
  const { fileName = "data.csv", ...rest } = meta;
  const staged = await stageBytes(bytes);
  return createDataset(
    {
      actor,
      meta: {
        title: `Dataset ${uniqueSuffix()}`,
        license: "CC0-1.0",
        taskType: "CLASSIFICATION",
        targetColumn: "label",
        ...rest,
      },
      upload: { staged, fileName },
    },
    db,
  );
}

export async function createSampleDataset(
  name: keyof typeof SAMPLES,
  owner?: TSessionUser,
  overrides: Partial<TDatasetMetaInput> = {},
) {
  const s = SAMPLES[name];
  return createDatasetFrom(
    sampleBytes(name),
    { title: s.title, license: s.license, taskType: s.task, targetColumn: s.target, fileName: s.file, ...overrides },
    owner,
  );
}

/** A PNG of a flat colour (for image-dataset tests). */
export function solidPng(rgb: [number, number, number], size = 8) {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
}

/** A zip with one folder per class and `perClass` small PNGs in each. */
export async function imageZip(classes: Record<string, [number, number, number]>, perClass = 4) {
  const entries = [];
  for (const [label, rgb] of Object.entries(classes)) {
    entries.push({ name: `${label}/` });
    for (let i = 0; i < perClass; i++) entries.push({ name: `${label}/${i}.png`, data: await solidPng(rgb) });
  }
  return makeZip(entries);
}
