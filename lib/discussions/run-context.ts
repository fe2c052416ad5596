import { ZConfigSpec, type TConfigSpec, type TLayer } from "../configs/spec";
import { getPrisma, type TPrisma } from "../db";
import { primaryMetric, type TTask } from "../leaderboards/metrics";
import { canSeePrivateHalf, halfStateOf, HALF_STATE_SELECT, redactRunMetrics } from "../permissions/hidden-half";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { isLookupKey } from "../validation";
import { scores } from "./measured";

/*
 * "The thread knows the experiment": beside a question on a run, everything an answerer needs without clicking away —
 * status and failure, the config's key fields, curves, test scores, the dataset's profile summary, backend, seed and
 * the log tail. Under the visibility rules (null when the viewer may not see the run) and the hidden-half rule: the
 * private test half's scores only for those who may see them (lib/permissions/hidden-half.ts), as measured.ts does.
 * Curves are of the train and validation splits and the profile is computed without the private half, so neither
 * carries anything of it.
 */

export type TCurve = { epoch: number; trainLoss: number; valLoss: number | null }[];

const OWNED = { ownerId: true, visibility: true } as const;
const LOG_LINES = 10;
const CLASS_BALANCE_SHOWN = 8;

/** One layer in the spec's own notation (code, the same in every language): `dense 64 relu`, `dropout 0.2`. */
function layerDetail(layer: TLayer): string {
  const kernel = (k: number | [number, number]) => (Array.isArray(k) ? `${k[0]}×${k[1]}` : `${k}×${k}`);
  switch (layer.type) {
    case "dense":
      return `${layer.units} ${layer.activation}`;
    case "dropout":
      return String(layer.rate);
    case "activation":
      return layer.activation;
    case "conv2d":
      return `${layer.filters} ${kernel(layer.kernelSize)} ${layer.activation}`;
    case "maxPooling2d":
    case "averagePooling2d":
      return kernel(layer.poolSize);
    default:
      return "";
  }
}

/** The preprocessing that applies to the dataset's kind, in the spec's notation. */
function preprocessingSummary(pre: TConfigSpec["preprocessing"], image: boolean): string {
  if (image) {
    const aug = pre.image.augmentation;
    return [
      `normalization=${pre.image.normalization}`,
      aug.flipHorizontal ? "flipHorizontal" : null,
      aug.rotationDegrees ? `rotation=${aug.rotationDegrees}°` : null,
      aug.shiftFraction ? `shift=${aug.shiftFraction}` : null,
    ]
      .filter(Boolean)
      .join(" ");
  }
  return [
    `scaling=${pre.numericScaling}`,
    `missing=${pre.missing.numeric}/${pre.missing.categorical}`,
    `oneHot≤${pre.categoricalEncoding.maxCategories}`,
    pre.includeColumns ? `include=${pre.includeColumns.length}` : null,
    pre.excludeColumns.length ? `exclude=${pre.excludeColumns.join(",")}` : null,
  ]
    .filter(Boolean)
    .join(" ");
}

function specSummary(stored: unknown, image: boolean) {
  const parsed = ZConfigSpec.safeParse(stored);
  if (!parsed.success) return null;
  const { model, training, preprocessing } = parsed.data;
  const types = new Set(model.layers.map((l) => l.type));
  const dense = model.layers.filter((l) => l.type === "dense").length;
  return {
    model: {
      kind: types.has("conv2d") ? ("cnn" as const) : dense > 1 ? ("mlp" as const) : ("linear" as const),
      layers: model.layers.map((l) => ({ type: l.type, detail: layerDetail(l) })),
    },
    optimizer: training.optimizer.type,
    learningRate: training.optimizer.learningRate,
    schedule: training.schedule.type,
    loss: training.loss,
    batchSize: training.batchSize,
    epochs: training.epochs,
    earlyStopping: training.earlyStopping.enabled
      ? { monitor: training.earlyStopping.monitor, patience: training.earlyStopping.patience }
      : null,
    preprocessing: preprocessingSummary(preprocessing, image),
  };
}

type TEpochRow = {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  trainMetric: number | null;
  valMetric: number | null;
  samplesPerSec: number | null;
};

/** An epoch's line of the run log, as the run page prints it (app/runs/[id]/run-live.tsx). */
function logLine(e: TEpochRow, metric: string): string {
  const f = (v: number | null) => v?.toFixed(4) ?? "–";
  const speed = e.samplesPerSec ? `  ${Math.round(e.samplesPerSec)} samples/s` : "";
  return `epoch ${String(e.epoch).padStart(3)}  loss ${e.trainLoss.toFixed(4)}  val_loss ${f(e.valLoss)}  ${metric} ${f(e.trainMetric)}  val_${metric} ${f(e.valMetric)}${speed}`;
}

type TProfile = {
  columns?: { name: string; numeric?: { min: number; max: number; mean: number } }[];
  target?: { classBalance?: { value: string; count: number }[] | null };
} | null;

/** What the dataset page's overview and profile tabs say in brief (the stored profile leaves out the private half). */
function profileSummary(v: {
  rowCount: number;
  columnCount: number;
  targetColumn: string;
  classes: unknown;
  format: unknown;
  profile: unknown;
  profileStatus: string;
  dataset: { kind: string; taskType: TTask };
}) {
  const profile = v.profile as TProfile;
  const format = v.format as { kind?: string; width?: number; height?: number; channels?: number };
  const balance = profile?.target?.classBalance ?? null;
  const classes = Array.isArray(v.classes) ? v.classes.length : 0;
  const numeric = profile?.columns?.find((c) => c.name === v.targetColumn)?.numeric;
  const image = v.dataset.kind === "IMAGE";
  return {
    kind: v.dataset.kind as "TABULAR" | "IMAGE",
    taskType: v.dataset.taskType,
    rows: v.rowCount,
    columns: v.columnCount,
    /** Input columns of a table (all but the target); null for images. */
    features: image ? null : Math.max(0, v.columnCount - 1),
    image:
      image && format.width && format.height
        ? { width: format.width, height: format.height, channels: format.channels ?? 3 }
        : null,
    target: v.targetColumn,
    profileStatus: v.profileStatus,
    classCount: v.dataset.taskType === "CLASSIFICATION" ? Math.max(classes, balance?.length ?? 0) : null,
    classBalance: balance ? balance.slice(0, CLASS_BALANCE_SHOWN) : null,
    targetRange: numeric ? { min: numeric.min, max: numeric.max, mean: numeric.mean } : null,
  };
}

/** A run's context for one viewer, or null when the viewer may not see the run. */
export async function getRunContext(runId: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(runId)) return null;
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      userId: true,
      status: true,
      error: true,
      seed: true,
      backend: true,
      tfjsVersion: true,
      epochsDone: true,
      epochsTotal: true,
      metrics: true,
      queuedAt: true,
      startedAt: true,
      finishedAt: true,
      user: { select: { handle: true } },
      configRevision: { select: { number: true, spec: true } },
      config: { select: { ...OWNED, slug: true, title: true, owner: { select: { handle: true } } } },
      datasetVersion: {
        select: {
          id: true,
          number: true,
          rowCount: true,
          columnCount: true,
          targetColumn: true,
          classes: true,
          format: true,
          profile: true,
          profileStatus: true,
          privateRevealedAt: true,
          competition: HALF_STATE_SELECT.competition,
          dataset: {
            select: {
              ...OWNED,
              slug: true,
              title: true,
              kind: true,
              taskType: true,
              primaryMetric: true,
              owner: { select: { handle: true } },
            },
          },
        },
      },
      epochs: {
        orderBy: { epoch: "asc" },
        select: {
          epoch: true,
          trainLoss: true,
          valLoss: true,
          trainMetric: true,
          valMetric: true,
          samplesPerSec: true,
        },
      },
    },
  });
  if (!run || !canViewRun(viewer, run)) return null;
  const { config, datasetVersion: v } = run;
  const task = v.dataset.taskType;
  const privateShown = canSeePrivateHalf(viewer, halfStateOf(v));
  const metrics = redactRunMetrics(run, privateShown).metrics as { testPublic?: unknown; testPrivate?: unknown } | null;
  const classification = task === "CLASSIFICATION";
  const configHref = `/configs/${config.owner.handle}/${config.slug}?r=${run.configRevision.number}`;
  return {
    run: {
      id: run.id,
      href: `/runs/${run.id}`,
      user: run.user.handle,
      status: run.status,
      /** A runErrors.* key or text; only for a failed run. */
      error: run.status === "FAILED" ? run.error : null,
      seed: run.seed,
      backend: run.backend,
      tfjsVersion: run.tfjsVersion,
      epochsDone: run.epochsDone,
      epochsTotal: run.epochsTotal,
      queuedAt: run.queuedAt,
      durationSeconds:
        run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null,
    },
    config: {
      owner: config.owner.handle,
      slug: config.slug,
      title: config.title,
      revision: run.configRevision.number,
      href: configHref,
      spec: specSummary(run.configRevision.spec, v.dataset.kind === "IMAGE"),
    },
    dataset: {
      owner: v.dataset.owner.handle,
      slug: v.dataset.slug,
      title: v.dataset.title,
      version: v.number,
      versionId: v.id,
      href: `/datasets/${v.dataset.owner.handle}/${v.dataset.slug}?v=${v.number}`,
      profile: profileSummary(v),
    },
    /** What the curves plot: the metric the worker logs per epoch (accuracy or MAE). */
    epochMetric: classification ? ("accuracy" as const) : ("mae" as const),
    epochs: run.epochs.map(({ epoch, trainLoss, valLoss, trainMetric, valMetric }) => ({
      epoch,
      trainLoss,
      valLoss,
      trainMetric,
      valMetric,
    })),
    test: {
      primaryMetric: primaryMetric(v.dataset),
      public: scores(metrics?.testPublic, task),
      /** Null unless this viewer may see the private half. */
      private: privateShown ? scores(metrics?.testPrivate, task) : null,
    },
    log: run.epochs.slice(-LOG_LINES).map((e) => logLine(e, classification ? "acc" : "mae")),
  };
}

/** Loss curves of the runs this viewer may see (others are left out), for overlaying an answer's run on the asker's. */
export async function runCurves(
  runIds: string[],
  viewer: TViewer,
  db: TPrisma = getPrisma(),
): Promise<Map<string, TCurve>> {
  const ids = [...new Set(runIds)].filter((id) => isLookupKey(id));
  if (!ids.length) return new Map();
  const runs = await db.run.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      userId: true,
      config: { select: OWNED },
      datasetVersion: { select: { dataset: { select: OWNED } } },
      epochs: { orderBy: { epoch: "asc" }, select: { epoch: true, trainLoss: true, valLoss: true } },
    },
  });
  return new Map(runs.filter((r) => canViewRun(viewer, r)).map((r) => [r.id, r.epochs]));
}
