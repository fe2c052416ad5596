import { z } from "zod";
import { isLookupKey } from "../validation";

/** Form dates are "YYYY-MM-DDTHH:mm" (a datetime-local input), read as UTC like the page labels them. */
const ZUtcDate = (key: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z)?$/, `${key}.invalid`)
    .transform((s) => new Date(s.endsWith("Z") ? s : `${s}Z`))
    .refine((d) => !Number.isNaN(d.getTime()), `${key}.invalid`);

const ZLimit = (key: string, max: number) =>
  z.coerce.number(`${key}.invalid`).int(`${key}.invalid`).min(1, `${key}.tooSmall`).max(max, `${key}.tooLarge`);

export const ZCompetitionInput = z
  .object({
    title: z.string().trim().min(3, "title.tooShort").max(120, "title.tooLong"),
    description: z.string().max(20_000, "description.tooLong").default(""),
    metric: z.string().trim().min(1, "metric.invalid"),
    startsAt: ZUtcDate("startsAt"),
    endsAt: ZUtcDate("endsAt"),
    dailyLimit: ZLimit("dailyLimit", 100),
    totalLimit: ZLimit("totalLimit", 10_000),
    finalLimit: ZLimit("finalLimit", 10),
  })
  .refine((c) => c.endsAt > c.startsAt, { path: ["endsAt"], message: "endsAt.beforeStart" })
  .refine((c) => c.totalLimit >= c.dailyLimit, { path: ["totalLimit"], message: "totalLimit.belowDaily" });

export const BOARD_PAGE_SIZE = 50;

export const ZBoardQuery = z.object({
  v: z.coerce.number().int().min(1).optional().catch(undefined),
  metric: z.string().trim().max(40).optional().catch(undefined),
  view: z.enum(["best", "all"]).default("best").catch("best"),
  side: z.enum(["public", "private"]).default("public").catch("public"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export const ZCompareQuery = z.object({
  // Ids that cannot name a run (a NUL byte, which PostgreSQL refuses in a parameter) are dropped like empty ones.
  run: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set(Array.isArray(v) ? v : v.split(","))].filter((id) => id && isLookupKey(id))),
});
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 6;
