import { createHash } from "node:crypto";
import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import type { TSessionUser } from "../auth/session";
import { DEFAULT_LOCALE, type TLocale } from "../i18n/locales";
import { loadEnv } from "../env";
import { slugify } from "../datasets/schemas";
import { canEditConfig, canViewConfig } from "../permissions/configs";
import { forkVisibility } from "../permissions/visibility";
import { publishNotifications } from "../notifications/notify";
import { notifyFork } from "../notifications/runs";
import { parseInput } from "../validation";
import { pickFreeSlug } from "../slugs";
import { forkReputation } from "../reputation/hooks";
import { datasetShapeInfo } from "./dataset-info";
import { ZConfigMeta, ZForkRevision, type TConfigMetaInput } from "./schemas";
import { SpecInvalidError } from "./errors";
import type { TLimits } from "./shapes";
import type { TConfigSpec } from "./spec";
import { baseForSpec } from "./fine-tune";
import { validateSpec } from "./validate";

export { SpecInvalidError };

export function configLimits(): TLimits {
  const env = loadEnv();
  return {
    maxParams: env.CONFIG_MAX_PARAMS,
    maxLayers: env.CONFIG_MAX_LAYERS,
    maxEpochs: env.CONFIG_MAX_EPOCHS,
    maxBatchSize: env.CONFIG_MAX_BATCH_SIZE,
  };
}

/** Key order does not change a recipe: hash a canonical form. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
export const specHash = (spec: TConfigSpec) => createHash("sha256").update(canonicalJson(spec)).digest("hex");

async function checkedSpec(
  spec: unknown,
  designedForVersionId: string | undefined | null,
  actor: TSessionUser,
  db: TPrisma,
) {
  const dataset = designedForVersionId ? await datasetShapeInfo(designedForVersionId, actor, db) : null;
  if (designedForVersionId && !dataset)
    throw new AppError("INVALID_INPUT", { designedForVersionId: "dataset.notFound" });
  // A fine-tuned spec is checked against its base run (one the actor can see, with a trained model).
  const result = validateSpec(spec, dataset, configLimits(), await baseForSpec(spec, actor, db));
  if (!result.ok) throw new SpecInvalidError(result.issues);
  return { spec: result.spec, totalParams: result.analysis?.totalParams ?? null, taskType: dataset?.taskType };
}

const layerTypes = (spec: TConfigSpec) => [...new Set(spec.model.layers.map((l) => l.type))];

async function freeSlug(ownerId: string, base: string, db: TPrisma): Promise<string> {
  const rows = await db.config.findMany({
    where: { ownerId, slug: { startsWith: base.slice(0, 55) } },
    select: { slug: true },
  });
  return pickFreeSlug(base, new Set(rows.map((r) => r.slug)));
}

/** Creates a config with revision 1. The spec is validated, against its dataset when one is named. */
export async function createConfig(
  {
    actor,
    meta: metaInput,
    spec: specInput,
    taskType: fallbackTask,
  }: { actor: TSessionUser; meta: TConfigMetaInput; spec: unknown; taskType?: "CLASSIFICATION" | "REGRESSION" },
  db: TPrisma = getPrisma(),
) {
  const meta = parseInput(ZConfigMeta, metaInput);
  const { spec, totalParams, taskType } = await checkedSpec(specInput, meta.designedForVersionId, actor, db);
  const task =
    taskType ??
    fallbackTask ??
    (spec.training.loss === "meanSquaredError" ||
    spec.training.loss === "meanAbsoluteError" ||
    spec.training.loss === "huber"
      ? "REGRESSION"
      : "CLASSIFICATION");
  if (
    meta.slug &&
    (await db.config.findUnique({
      where: { ownerId_slug: { ownerId: actor.id, slug: meta.slug } },
      select: { id: true },
    }))
  ) {
    throw new AppError("CONFLICT", { slug: "slug.taken" });
  }
  const slug = meta.slug ?? (await freeSlug(actor.id, slugify(meta.title), db));
  return db.$transaction(async (tx) => {
    const config = await tx.config.create({
      data: {
        ownerId: actor.id,
        slug,
        title: meta.title,
        description: meta.description,
        visibility: meta.visibility,
        taskType: task,
        designedForVersionId: meta.designedForVersionId ?? null,
        layerTypes: layerTypes(spec),
        revisionCount: 1,
      },
    });
    const revision = await tx.configRevision.create({
      data: {
        configId: config.id,
        number: 1,
        // Empty unless the author wrote one: pages show "first revision" in the reader's language.
        message: meta.message ?? "",
        spec,
        specHash: specHash(spec),
        totalParams,
        createdById: actor.id,
      },
    });
    return { config, revision, ownerHandle: actor.handle };
  });
}

/** Saves an edit as a new immutable revision (owner only). An unchanged spec is refused. */
export async function reviseConfig(
  {
    actor,
    configId,
    spec: specInput,
    message,
  }: { actor: TSessionUser; configId: string; spec: unknown; message?: string },
  db: TPrisma = getPrisma(),
) {
  const config = await db.config.findUnique({ where: { id: configId } });
  if (!config || !canViewConfig(actor, config)) throw new AppError("NOT_FOUND");
  if (!canEditConfig(actor, config)) throw new AppError("FORBIDDEN");
  const { message: note } = parseInput(ZConfigMeta.pick({ message: true }), { message });
  const { spec, totalParams } = await checkedSpec(specInput, config.designedForVersionId, actor, db);
  const hash = specHash(spec);
  const head = await db.configRevision.findFirst({
    where: { configId },
    orderBy: { number: "desc" },
    select: { specHash: true },
  });
  if (head?.specHash === hash) throw new AppError("INVALID_INPUT", { spec: "spec.unchanged" });
  return db.$transaction(async (tx) => {
    // Row lock on the config: concurrent saves get consecutive numbers.
    const { revisionCount } = await tx.config.update({
      where: { id: configId },
      data: { revisionCount: { increment: 1 }, layerTypes: layerTypes(spec) },
      select: { revisionCount: true },
    });
    return tx.configRevision.create({
      data: {
        configId,
        number: revisionCount,
        message: note,
        spec,
        specHash: hash,
        totalParams,
        createdById: actor.id,
      },
    });
  });
}

/**
 * Forks a revision (default: the head) of a config the actor can see into a new
 * config of the actor's. The fork records its parent revision; the parent's fork count goes up.
 */
/** Max length of a title (ZDatasetMeta's); a default fork title is shortened to fit. */
const TITLE_MAX = 120;

/** The suffix of a default fork title, in the forker's interface language: the title is theirs from then on. */
const FORK_SUFFIX: Record<TLocale, (handle: string) => string> = {
  en: (handle) => ` (fork by @${handle})`,
  "zh-CN": (handle) => `（@${handle} 的分叉）`,
};

/**
 * A fork's title when none is given: the parent's plus who forked it, so a board or the compare view never shows two
 * identical names. A long parent title is cut (with an ellipsis) to leave room for the suffix.
 */
export function defaultForkTitle(parentTitle: string, handle: string, locale: TLocale = DEFAULT_LOCALE): string {
  const suffix = FORK_SUFFIX[locale](handle);
  const room = TITLE_MAX - suffix.length;
  const base = parentTitle.length <= room ? parentTitle : `${parentTitle.slice(0, room - 1).trimEnd()}…`;
  return `${base}${suffix}`;
}

export async function forkConfig(
  {
    actor,
    configId,
    revisionNumber,
    title,
    locale,
  }: {
    actor: TSessionUser;
    configId: string;
    revisionNumber?: number;
    title?: string;
    /** The forker's interface language, for the default title. */
    locale?: TLocale;
  },
  db: TPrisma = getPrisma(),
) {
  // The number arrives from a JSON body: anything but a revision number is the caller's mistake (422), not a query.
  const { revision: wanted } = parseInput(ZForkRevision, { revision: revisionNumber });
  const source = await db.config.findUnique({
    where: { id: configId },
    include: { owner: { select: { handle: true } } },
  });
  // A private config you cannot see does not exist, as far as you can tell.
  if (!source || !canViewConfig(actor, source)) throw new AppError("NOT_FOUND");
  const revision = await db.configRevision.findFirst({
    where: { configId, ...(wanted ? { number: wanted } : {}) },
    orderBy: { number: "desc" },
  });
  if (!revision) throw new AppError("NOT_FOUND");
  const forkTitle = parseInput(ZConfigMeta.pick({ title: true }), {
    title: title ?? defaultForkTitle(source.title, actor.handle, locale),
  }).title;
  const slug = await freeSlug(actor.id, source.ownerId === actor.id ? `${source.slug}-fork` : source.slug, db);
  const { notified, ...forked } = await db.$transaction(async (tx) => {
    const config = await tx.config.create({
      data: {
        ownerId: actor.id,
        slug,
        title: forkTitle,
        description: source.description,
        visibility: forkVisibility(source.visibility),
        taskType: source.taskType,
        designedForVersionId: source.designedForVersionId,
        layerTypes: source.layerTypes,
        forkedFromRevisionId: revision.id,
        revisionCount: 1,
      },
    });
    const created = await tx.configRevision.create({
      data: {
        configId: config.id,
        number: 1,
        // No stored text: the page says "forked from …" in the reader's language, naming the parent only to those who
        // may follow it (a stored "@owner/slug" would name a private parent to everyone who can see the fork).
        message: "",
        spec: revision.spec as object,
        specHash: revision.specHash,
        totalParams: revision.totalParams,
        createdById: actor.id,
      },
    });
    await tx.config.update({ where: { id: configId }, data: { forkCount: { increment: 1 } } });
    await forkReputation(
      { forkerId: actor.id, forkId: config.id, parent: { id: configId, ownerId: source.ownerId } },
      tx,
    );
    const notified = await notifyFork({ forkId: config.id, actorId: actor.id }, tx); // last: notify.ts
    return { config, revision: created, ownerHandle: actor.handle, notified };
  });
  await publishNotifications(notified);
  return forked;
}
