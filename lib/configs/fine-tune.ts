import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { canViewRun } from "../permissions/runs";
import { isLookupKey } from "../validation";
import { datasetShapeInfo } from "./dataset-info";
import type { TBaseLookup, TModelSummary } from "./fine-tune-shapes";
import { analyzeSpec } from "./shapes";
import { ZConfigSpec } from "./spec";

/** The base run's layers: from its stored model summary, else (runs saved before summaries) from its config. */
async function baseSummary(
  run: { configRevision: { spec: unknown }; datasetVersionId: string; artifacts: unknown; userId: string },
  db: TPrisma,
): Promise<TModelSummary | null> {
  const stored = (run.artifacts as { summary?: TModelSummary } | null)?.summary;
  if (stored) return stored;
  const spec = ZConfigSpec.safeParse(run.configRevision.spec);
  if (!spec.success || spec.data.fineTune) return null;
  const dataset = await datasetShapeInfo(run.datasetVersionId, { id: run.userId }, db);
  const analysis = dataset ? analyzeSpec(spec.data, dataset).analysis : null;
  if (!analysis) return null;
  const textColumn = (spec.data.preprocessing as { text?: { column: string } }).text?.column ?? null;
  return { inputShape: analysis.inputShape, layers: analysis.layers, features: analysis.features, textColumn };
}

/** The base run a fine-tuned config names, if the viewer may build on it. */
export async function fineTuneBase(
  runId: string,
  viewer: Pick<TSessionUser, "id"> | null,
  db: TPrisma = getPrisma(),
): Promise<TBaseLookup> {
  if (!isLookupKey(runId)) return { ok: false, reason: "baseNotFound" };
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      userId: true,
      status: true,
      artifacts: true,
      datasetVersionId: true,
      user: { select: { handle: true } },
      configRevision: { select: { spec: true } },
      config: { select: { slug: true, ownerId: true, visibility: true, owner: { select: { handle: true } } } },
      datasetVersion: {
        select: { dataset: { select: { slug: true, kind: true, ownerId: true, visibility: true } } },
      },
    },
  });
  if (!run || !canViewRun(viewer, run)) return { ok: false, reason: "baseNotFound" };
  if (run.status !== "SUCCEEDED" || !run.artifacts) return { ok: false, reason: "baseNotReady" };
  const summary = await baseSummary(run, db);
  if (!summary) return { ok: false, reason: "baseNotReady" };
  return {
    ok: true,
    base: {
      runId: run.id,
      label: `${run.config.owner.handle}/${run.config.slug} · ${run.datasetVersion.dataset.slug}`,
      authorHandle: run.user.handle,
      kind: run.datasetVersion.dataset.kind,
      ...summary,
    },
  };
}

/** The base for a spec, looked up for the viewer; undefined when the spec trains from scratch. */
export async function baseForSpec(
  spec: unknown,
  viewer: Pick<TSessionUser, "id"> | null,
  db: TPrisma = getPrisma(),
): Promise<TBaseLookup | undefined> {
  const parsed = ZConfigSpec.safeParse(spec);
  const id = parsed.success ? parsed.data.fineTune?.baseRunId : undefined;
  return id ? fineTuneBase(id, viewer, db) : undefined;
}
