import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canEditDataset, canViewDataset } from "../permissions/datasets";
import { parseInput } from "../validation";
import { ZDatasetMeta } from "./schemas";
import { z } from "zod";
import { isBoardMetric } from "../leaderboards/metrics";

/** What the owner may change after publishing. Task, target and data live in versions; the slug keeps links stable. */
export const ZDatasetMetaUpdate = ZDatasetMeta.pick({
  title: true,
  description: true,
  license: true,
  citation: true,
  tags: true,
  visibility: true,
}).extend({
  primaryMetric: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => v || undefined),
});

export async function updateDatasetMeta(
  { actor, datasetId, input }: { actor: TSessionUser; datasetId: string; input: Record<string, string> },
  db: TPrisma = getPrisma(),
) {
  const dataset = await db.dataset.findUnique({
    where: { id: datasetId },
    select: { ownerId: true, visibility: true, taskType: true },
  });
  if (!dataset || !canViewDataset(actor, dataset)) throw new AppError("NOT_FOUND");
  if (!canEditDataset(actor, dataset)) throw new AppError("FORBIDDEN");
  const data = parseInput(ZDatasetMetaUpdate, input);
  if (data.primaryMetric && !isBoardMetric(dataset.taskType, data.primaryMetric))
    throw new AppError("INVALID_INPUT", { primaryMetric: "primaryMetric.invalid" });
  return db.dataset.update({ where: { id: datasetId }, data, select: { id: true, slug: true } });
}
