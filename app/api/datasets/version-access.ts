import { z } from "zod";
import type { TSessionUser } from "@/lib/auth/session";
import { getDataset, getVersion } from "@/lib/datasets/queries";
import { AppError } from "@/lib/errors";

/** The path parameters of /api/datasets/<owner>/<slug>/versions/<n>/…, for route({ params }). */
export const ZVersionParams = z.object({ owner: z.string(), slug: z.string(), number: z.string() });

/** Resolves /api/datasets/<owner>/<slug>/versions/<n> for the viewer, or throws NOT_FOUND. */
export async function resolveVersion(
  { owner, slug, number }: z.output<typeof ZVersionParams>,
  viewer: TSessionUser | null,
) {
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1) throw new AppError("NOT_FOUND");
  const dataset = await getDataset(owner, slug, viewer);
  if (!dataset) throw new AppError("NOT_FOUND");
  const version = await getVersion(dataset.id, n);
  if (!version) throw new AppError("NOT_FOUND");
  return { dataset, version };
}
