import type { TDatasetShapeInfo } from "./shapes";
import type { TConfigSpecInput } from "./spec";

/**
 * One-click starting points, each made for a dataset version: the output layer and the loss follow its task
 * (classification: one softmax unit per class and categorical crossentropy; regression: one linear unit and mean
 * squared error), and a template whose layers cannot take the dataset's input (a conv template on a table, dense
 * layers on unflattened images) is not offered for it.
 */
export const TEMPLATE_IDS = [
  "logisticRegression",
  "linearRegression",
  "mlp",
  "mlpRegression",
  "smallCnn",
  "textBagOfEmbeddings",
  "textConv1d",
  "textLstm",
] as const;
export type TTemplateId = (typeof TEMPLATE_IDS)[number];

type TKind = TDatasetShapeInfo["kind"];
type TTask = TDatasetShapeInfo["taskType"];
/** What choosing and building a template needs to know about a dataset version. */
export type TTemplateDataset = Pick<TDatasetShapeInfo, "kind" | "taskType" | "classes"> & TTextColumns;
/** The dataset's columns (tabular): text templates are offered only where one is a text column other than the target. */
type TTextColumns = Partial<Pick<TDatasetShapeInfo, "columns" | "targetColumn">>;

/** Why a template is not offered for a dataset (a key of `configNew.misfit`). */
export type TTemplateMisfit =
  "needsImage" | "needsTabular" | "needsClassification" | "needsRegression" | "needsText" | "needsColumns";

/**
 * The dataset kind each template's first layer takes, and the task its head is made for. Image datasets are
 * classified (the upload form offers no image regression, and an image's label is its folder): smallCnn is too.
 * Text templates (issue 17) read a text column's token ids and fit either task (the head follows the dataset's);
 * `task` is then the one they are built for without a dataset.
 */
const FITS: Record<TTemplateId, { kind: TKind; task: TTask; text?: true }> = {
  logisticRegression: { kind: "TABULAR", task: "CLASSIFICATION" },
  linearRegression: { kind: "TABULAR", task: "REGRESSION" },
  mlp: { kind: "TABULAR", task: "CLASSIFICATION" },
  mlpRegression: { kind: "TABULAR", task: "REGRESSION" },
  smallCnn: { kind: "IMAGE", task: "CLASSIFICATION" },
  textBagOfEmbeddings: { kind: "TABULAR", task: "CLASSIFICATION", text: true },
  textConv1d: { kind: "TABULAR", task: "CLASSIFICATION", text: true },
  textLstm: { kind: "TABULAR", task: "CLASSIFICATION", text: true },
};

/** The first text column that is not the target, which text templates read; null when there is none. */
export function textColumnOf(dataset: TTextColumns): string | null {
  return dataset.columns?.find((c) => c.type === "text" && c.name !== dataset.targetColumn)?.name ?? null;
}

/** The task a template's head is made for. */
export const templateTask = (id: TTemplateId): TTask => FITS[id].task;

/** Null when the template fits the dataset; else why not. */
function templateMisfit(
  id: TTemplateId,
  dataset: Pick<TDatasetShapeInfo, "kind" | "taskType"> & TTextColumns,
): TTemplateMisfit | null {
  const fit = FITS[id];
  if (fit.kind !== dataset.kind) return fit.kind === "IMAGE" ? "needsImage" : "needsTabular";
  if (fit.text) return textColumnOf(dataset) ? null : "needsText";
  // Tabular templates read every column but text ones: a table of text alone gives them no input.
  if (
    dataset.kind === "TABULAR" &&
    dataset.columns &&
    !dataset.columns.some((c) => c.type !== "text" && c.name !== dataset.targetColumn)
  )
    return "needsColumns";
  if (fit.task !== dataset.taskType) return fit.task === "CLASSIFICATION" ? "needsClassification" : "needsRegression";
  return null;
}

/** The templates offered for a dataset, in catalogue order. */
export function templatesFor(dataset: Pick<TDatasetShapeInfo, "kind" | "taskType"> & TTextColumns): TTemplateId[] {
  return TEMPLATE_IDS.filter((id) => templateMisfit(id, dataset) === null);
}

/** The template built for a dataset, or why it is not offered for it. */
export function templateFor(
  id: TTemplateId,
  dataset: TTemplateDataset,
): { ok: true; spec: TConfigSpecInput } | { ok: false; misfit: TTemplateMisfit } {
  const misfit = templateMisfit(id, dataset);
  return misfit
    ? { ok: false, misfit }
    : { ok: true, spec: build(id, dataset.taskType, dataset.classes.length, textColumnOf(dataset) ?? TEXT_COLUMN) };
}

/**
 * A template without a dataset (shapes unchecked): `outputs` is the class count of a classification template,
 * ignored by the regression ones. Text templates then read a column named "text".
 */
export function templateSpec(id: TTemplateId, outputs: number): TConfigSpecInput {
  return build(id, FITS[id].task, outputs, TEXT_COLUMN);
}

const TEXT_COLUMN = "text";

const basePre = { numericScaling: "standard" as const, excludeColumns: [] };

function build(id: TTemplateId, task: TTask, classes: number, textColumn: string): TConfigSpecInput {
  const classification = task === "CLASSIFICATION";
  // A binary dataset keeps a 2-unit softmax (one unit per class), which is what shape validation asks for.
  const head = classification
    ? { type: "dense" as const, units: Math.max(2, classes), activation: "softmax" as const }
    : { type: "dense" as const, units: 1, activation: "linear" as const };
  const loss = classification ? ("categoricalCrossentropy" as const) : ("meanSquaredError" as const);
  const training = (epochs: number, batchSize: number, learningRate: number) => ({
    optimizer: { type: "adam" as const, learningRate },
    loss,
    epochs,
    batchSize,
    earlyStopping: { enabled: true, monitor: "val_loss" as const, patience: 5, restoreBest: true },
    seed: 42,
  });
  switch (id) {
    case "logisticRegression":
    case "linearRegression":
      return { specVersion: 1, preprocessing: basePre, model: { layers: [head] }, training: training(100, 32, 0.05) };
    case "mlp":
      return {
        specVersion: 1,
        preprocessing: basePre,
        model: {
          layers: [
            { type: "dense", units: 64, activation: "relu", kernelInitializer: "heNormal" },
            { type: "dropout", rate: 0.2 },
            { type: "dense", units: 32, activation: "relu", kernelInitializer: "heNormal" },
            head,
          ],
        },
        training: training(50, 32, 0.001),
      };
    case "mlpRegression":
      // No dropout: it adds noise to a single continuous output and slows the fit on small tables.
      return {
        specVersion: 1,
        preprocessing: basePre,
        model: {
          layers: [
            { type: "dense", units: 64, activation: "relu", kernelInitializer: "heNormal" },
            { type: "dense", units: 32, activation: "relu", kernelInitializer: "heNormal" },
            head,
          ],
        },
        training: training(100, 32, 0.01),
      };
    case "smallCnn":
      return {
        specVersion: 1,
        preprocessing: {
          ...basePre,
          image: {
            normalization: "scale01",
            augmentation: { flipHorizontal: false, rotationDegrees: 0, shiftFraction: 0 },
          },
        },
        model: {
          layers: [
            { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu", padding: "same" },
            { type: "maxPooling2d", poolSize: 2 },
            { type: "conv2d", filters: 32, kernelSize: 3, activation: "relu", padding: "same" },
            { type: "maxPooling2d", poolSize: 2 },
            { type: "flatten" },
            { type: "dense", units: 64, activation: "relu" },
            { type: "dropout", rate: 0.3 },
            head,
          ],
        },
        training: training(20, 64, 0.001),
      };
    case "textBagOfEmbeddings":
    case "textConv1d":
    case "textLstm":
      return {
        specVersion: 1,
        preprocessing: {
          ...basePre,
          text: { column: textColumn, level: "auto", vocabularySize: 10_000, maxLength: 64, lowercase: true },
        },
        model: { layers: [...TEXT_BODIES[id], head] },
        training: id === "textBagOfEmbeddings" ? training(30, 32, 0.005) : training(20, 32, 0.002),
      };
  }
}

/** The text templates' layers before the head: averaged word vectors, n-gram filters, or a recurrent reader. */
const TEXT_BODIES: Record<
  "textBagOfEmbeddings" | "textConv1d" | "textLstm",
  NonNullable<TConfigSpecInput["model"]>["layers"]
> = {
  textBagOfEmbeddings: [
    { type: "embedding", outputDim: 32 },
    { type: "globalAveragePooling1d" },
    { type: "dense", units: 32, activation: "relu", kernelInitializer: "heNormal" },
  ],
  textConv1d: [
    { type: "embedding", outputDim: 32 },
    { type: "conv1d", filters: 64, kernelSize: 5, padding: "same", activation: "relu" },
    { type: "globalMaxPooling1d" },
    { type: "dropout", rate: 0.3 },
    { type: "dense", units: 32, activation: "relu", kernelInitializer: "heNormal" },
  ],
  textLstm: [
    { type: "embedding", outputDim: 32 },
    { type: "lstm", units: 32 },
    { type: "dropout", rate: 0.2 },
  ],
};
