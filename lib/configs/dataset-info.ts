import { getPrisma, type TPrisma } from "../db";
import type { TSessionUser } from "../auth/session";
import { canViewDataset, datasetWhere } from "../permissions/datasets";
import type { TDatasetShapeInfo } from "./shapes";
import { isLookupKey } from "../validation";

/** What shape inference needs to know about a dataset version, or null if the viewer may not see it. */
export async function datasetShapeInfo(
  versionId: string,
  viewer: Pick<TSessionUser, "id"> | null,
  db: TPrisma = getPrisma(),
): Promise<(TDatasetShapeInfo & { versionId: string; label: string }) | null> {
  // From a URL (`?dataset=`, `?version=`): repeated parameters arrive as an array, and a NUL never names a row.
  if (!isLookupKey(versionId)) return null;
  const v = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      number: true,
      schema: true,
      classes: true,
      targetColumn: true,
      taskType: true,
      format: true,
      dataset: {
        select: {
          slug: true,
          title: true,
          kind: true,
          ownerId: true,
          visibility: true,
          owner: { select: { handle: true } },
        },
      },
    },
  });
  if (!v || !canViewDataset(viewer, v.dataset)) return null;
  const format = v.format as { kind: string; width?: number; height?: number; channels?: number };
  return {
    versionId: v.id,
    label: `${v.dataset.owner.handle}/${v.dataset.slug} v${v.number}`,
    name: v.dataset.slug,
    kind: v.dataset.kind,
    taskType: v.taskType,
    classes: v.classes as string[],
    targetColumn: v.targetColumn,
    columns:
      v.dataset.kind === "TABULAR" ? (v.schema as { name: string; type: string; distinct: number }[]) : undefined,
    image:
      format.kind === "images"
        ? { width: format.width!, height: format.height!, channels: format.channels! }
        : undefined,
  };
}

/** Latest versions of datasets the viewer can see, for the editor's dataset picker. */
export async function datasetChoices(viewer: Pick<TSessionUser, "id"> | null, db: TPrisma = getPrisma()) {
  const datasets = await db.dataset.findMany({
    where: datasetWhere(viewer, "listed"),
    orderBy: [{ starCount: "desc" }, { createdAt: "desc" }],
    take: 200,
    select: {
      slug: true,
      title: true,
      taskType: true,
      kind: true,
      owner: { select: { handle: true } },
      versions: {
        orderBy: { number: "desc" },
        take: 1,
        select: { id: true, number: true, schema: true, targetColumn: true },
      },
    },
  });
  return datasets.flatMap((d) =>
    d.versions.map((v) => ({
      versionId: v.id,
      label: `${d.title} (${d.owner.handle}/${d.slug} v${v.number})`,
      taskType: d.taskType,
      kind: d.kind,
      // Column names and types (tabular), so the template picker offers text templates only where a text column is.
      targetColumn: v.targetColumn,
      columns:
        d.kind === "TABULAR"
          ? (v.schema as { name: string; type: string; distinct: number }[]).map(({ name, type, distinct }) => ({
              name,
              type,
              distinct,
            }))
          : undefined,
    })),
  );
}
