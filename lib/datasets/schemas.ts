import { createRequire } from "node:module";
import { z } from "zod";
import { isLookupKey } from "../validation";
import { COLUMN_TYPES, type TColumnType } from "./profile";

const require = createRequire(import.meta.url);
/** SPDX licence identifiers (the official list, shipped by the spdx-license-ids package). */
export const SPDX_IDS: readonly string[] = require("spdx-license-ids/index.json") as string[];
const SPDX = new Set(SPDX_IDS);

/** Shown first in the licence picker: what datasets are most often published under. */
export const COMMON_LICENSES = [
  "CC0-1.0",
  "CC-BY-4.0",
  "CC-BY-SA-4.0",
  "CC-BY-NC-4.0",
  "ODbL-1.0",
  "PDDL-1.0",
  "MIT",
  "Apache-2.0",
] as const;

export const IMAGE_SIZES = [28, 32, 64] as const;

export const ZTags = z
  .string()
  .transform((s) => [
    ...new Set(
      s
        .split(/[,，\s]+/)
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(
        z
          .string()
          .max(30, "tags.tooLong")
          .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u, "tags.format"),
      )
      .max(10, "tags.tooMany"),
  );

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "slug.tooShort")
  .max(60, "slug.tooLong")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "slug.format");

/** Most columns one upload may set a type for (a table has at most DATASET_MAX_COLUMNS; this bounds the field). */
export const MAX_COLUMN_TYPES = 2_000;
const isColumnType = (type: unknown): type is TColumnType => (COLUMN_TYPES as readonly unknown[]).includes(type);

/**
 * Types the uploader chose for some columns, `{ column: type }` (issue 17); the others are inferred. A form sends
 * them as one JSON field (`columnTypes`), other callers as an object. Whether each type fits the column's values,
 * and the target's task, is checked against the file (lib/datasets/column-types.ts).
 */
export const ZColumnTypes = z
  .preprocess(
    (value) => {
      if (value === undefined || value === null || value === "") return {};
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return null;
      }
    },
    z.record(z.string(), z.unknown(), "columnTypes.invalid"),
  )
  .refine((types) => Object.keys(types).length <= MAX_COLUMN_TYPES, "columnTypes.tooMany")
  .refine((types) => Object.values(types).every(isColumnType), "columnTypes.invalid")
  .transform((types) =>
    Object.fromEntries(Object.entries(types).filter((entry): entry is [string, TColumnType] => isColumnType(entry[1]))),
  );
export type TColumnTypes = z.output<typeof ZColumnTypes>;

/** Metadata fields of the upload form (strings, as a form sends them). */
export const ZDatasetMeta = z.object({
  title: z.string().trim().min(3, "title.tooShort").max(120, "title.tooLong"),
  slug: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(ZSlug.optional()),
  description: z.string().max(20_000, "description.tooLong").default(""),
  license: z
    .string()
    .trim()
    .refine((l) => SPDX.has(l), "license.unknown"),
  citation: z.string().trim().max(2_000, "citation.tooLong").default(""),
  tags: ZTags.default([]),
  visibility: z.enum(["PUBLIC", "UNLISTED", "PRIVATE"], "visibility.invalid").default("PUBLIC"),
  taskType: z.enum(["CLASSIFICATION", "REGRESSION"], "taskType.invalid"),
  kind: z.enum(["TABULAR", "IMAGE"], "kind.invalid").default("TABULAR"),
  targetColumn: z.string().trim().max(200, "targetColumn.tooLong").default(""),
  imageSize: z.coerce
    .number()
    .refine((n) => (IMAGE_SIZES as readonly number[]).includes(n), "imageSize.invalid")
    .default(28),
  imageChannels: z.coerce
    .number()
    .refine((n) => n === 1 || n === 3, "imageChannels.invalid")
    .default(1),
  columnTypes: ZColumnTypes.optional(),
});
export type TDatasetMetaInput = z.input<typeof ZDatasetMeta>;
export type TDatasetMeta = z.output<typeof ZDatasetMeta>;

export const ZVersionMeta = z.object({
  message: z.string().trim().max(500, "message.tooLong").default(""),
  columnTypes: ZColumnTypes.optional(),
});

/** Turns a title into a URL slug: "Palmer Penguins (2014)" → "palmer-penguins-2014". */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug.length >= 3 ? slug : `dataset-${slug || Date.now().toString(36)}`.slice(0, 60);
}

export const DATASET_SORTS = ["newest", "runs", "stars"] as const;
export const ZDatasetListQuery = z.object({
  // .refine: a NUL byte (PostgreSQL refuses it in a parameter) drops the filter like any other bad value.
  q: z.string().trim().max(200).refine(isLookupKey).optional().catch(undefined),
  task: z.enum(["CLASSIFICATION", "REGRESSION"]).optional().catch(undefined),
  tag: z.string().trim().toLowerCase().max(30).refine(isLookupKey).optional().catch(undefined),
  sort: z.enum(DATASET_SORTS).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type TDatasetListQuery = z.input<typeof ZDatasetListQuery>;
