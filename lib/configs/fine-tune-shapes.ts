import {
  analyzeSpec,
  tabularFeatures,
  DEFAULT_LIMITS,
  type TDatasetShapeInfo,
  type TLimits,
  type TShapeAnalysis,
  type TSpecIssue,
} from "./shapes";
import type { TConfigSpec } from "./spec";

// Runs in the browser too (the editor checks a fine-tuned head as you type): no database here; the lookup is in
// fine-tune.ts.

/**
 * What a fine-tuned config needs to know about its base run: the layers of the base's trained model with their
 * output shapes and parameter counts, the model's input and the columns its preprocessing reads. Loaded on the server
 * (the base must be a succeeded run the viewer can see); handed to the editor as a prop so it checks shapes as you type.
 */
export type TBaseLayer = { type: string; outputShape: number[]; params: number };
export type TFineTuneBase = {
  runId: string;
  /** "owner/config on owner/dataset", for the editor and the run page. */
  label: string;
  authorHandle: string;
  kind: "TABULAR" | "IMAGE";
  inputShape: number[];
  layers: TBaseLayer[];
  /** Tabular: the feature columns the base's preprocessing encodes (the new dataset must have them all). */
  features: string[];
  /** A text model: the column its tokenizer reads. */
  textColumn?: string | null;
};

/** The model summary a run stores with its artifacts (worker/training/save.ts). */
export type TModelSummary = {
  inputShape: number[];
  layers: TBaseLayer[];
  features: string[];
  /** A text model: the column its tokenizer reads (features is then [textColumn]). */
  textColumn?: string | null;
};

export type TBaseLookup = { ok: true; base: TFineTuneBase } | { ok: false; reason: "baseNotFound" | "baseNotReady" };

function issue(path: string, code: string, params: Record<string, string | number>, message: string): TSpecIssue {
  return { path, code, params, message: `${path}: ${message}` };
}

/** The base layers a fine-tuned model keeps (its old head dropped when replaced), and how many of them are frozen. */
export function keptBaseLayers(spec: TConfigSpec, base: Pick<TFineTuneBase, "layers">) {
  const ft = spec.fineTune!;
  const kept = ft.head === "replace" ? base.layers.slice(0, -1) : base.layers;
  const frozen =
    ft.freeze === "allBase" ? kept.length : ft.freeze === "firstK" ? Math.min(ft.freezeFirst, kept.length) : 0;
  return { kept, frozen };
}

export type TFineTuneAnalysis = TShapeAnalysis & {
  base?: { runId: string; label: string; inputShape: number[]; layers: TBaseLayer[]; frozen: number; params: number };
};

/**
 * Shape checks for a spec, fine-tuned or not. For a fine-tuned spec the head (`model.layers`) is checked on the kept
 * base layers' output, the whole model's size against the limits, and the base against the dataset: same kind, same
 * image size, every feature column the base reads present. `base` undefined: not looked up (no fine-tune checks);
 * a failed lookup is reported at fineTune.baseRunId.
 */
export function analyzeWithBase(
  spec: TConfigSpec,
  dataset: TDatasetShapeInfo | null,
  lookup: TBaseLookup | undefined,
  limits: TLimits = DEFAULT_LIMITS,
): { issues: TSpecIssue[]; analysis: TFineTuneAnalysis | null } {
  if (!spec.fineTune || !lookup) return analyzeSpec(spec, dataset, limits);
  if (!lookup.ok) {
    const message =
      lookup.reason === "baseNotFound"
        ? "no run with this id that you can see"
        : "the base run has not finished successfully, so it has no trained model to start from";
    return {
      issues: [issue("fineTune.baseRunId", lookup.reason, { run: spec.fineTune.baseRunId }, message)],
      analysis: null,
    };
  }
  const { base } = lookup;
  const { kept, frozen } = keptBaseLayers(spec, base);
  const issues: TSpecIssue[] = [];
  if (spec.fineTune.freeze === "firstK" && spec.fineTune.freezeFirst > kept.length)
    issues.push(
      issue(
        "fineTune.freezeFirst",
        "freezeTooMany",
        { max: kept.length },
        `the base keeps ${kept.length} layers; at most ${kept.length} can be frozen`,
      ),
    );
  if (spec.fineTune.featureExtractor && frozen < kept.length)
    issues.push(
      issue(
        "fineTune.featureExtractor",
        "featureExtractorNeedsFrozenBase",
        {},
        'feature-extractor mode needs the whole base frozen (freeze: "allBase")',
      ),
    );
  const augment = spec.preprocessing.image.augmentation;
  if (
    spec.fineTune.featureExtractor &&
    dataset?.kind === "IMAGE" &&
    (augment.flipHorizontal || augment.rotationDegrees > 0 || augment.shiftFraction > 0)
  )
    issues.push(
      issue(
        "fineTune.featureExtractor",
        "featureExtractorNoAugmentation",
        {},
        "feature-extractor mode computes the base's output once, so images cannot be augmented: turn augmentation off",
      ),
    );
  if (dataset && dataset.kind !== base.kind)
    issues.push(
      issue(
        "fineTune.baseRunId",
        "baseKindMismatch",
        { base: base.kind.toLowerCase(), dataset: dataset.name },
        `the base model was trained on ${base.kind.toLowerCase()} data; dataset ${dataset.name} is not`,
      ),
    );
  else if (
    dataset?.image &&
    base.inputShape.join("×") !== [dataset.image.height, dataset.image.width, dataset.image.channels].join("×")
  )
    issues.push(
      issue(
        "fineTune.baseRunId",
        "baseImageSize",
        {
          base: base.inputShape.join("×"),
          got: [dataset.image.height, dataset.image.width, dataset.image.channels].join("×"),
        },
        `the base model takes ${base.inputShape.join("×")} images; dataset ${dataset.name} has ${dataset.image.height}×${dataset.image.width}×${dataset.image.channels}`,
      ),
    );
  else if (dataset?.kind === "TABULAR") {
    const columns = new Set((dataset.columns ?? []).map((c) => c.name).filter((c) => c !== dataset.targetColumn));
    const missing = base.features.filter((f) => !columns.has(f));
    if (missing.length)
      issues.push(
        issue(
          "fineTune.baseRunId",
          "baseColumnsMissing",
          { columns: missing.join(", "), dataset: dataset.name },
          `the base model reads columns that dataset ${dataset.name} lacks: ${missing.join(", ")}`,
        ),
      );
    // A text model reads its one text column (the config must name it: preprocessing.text); a table's model reads
    // every column its preprocessing keeps.
    const text = (spec.preprocessing as { text?: { column?: string } }).text;
    if (base.textColumn && text?.column !== base.textColumn)
      issues.push(
        issue(
          "preprocessing.text.column",
          "baseTextColumn",
          { column: base.textColumn },
          `the base model reads the text column ${base.textColumn}; set preprocessing.text.column to it`,
        ),
      );
    const known = new Set(base.features);
    const extra = text
      ? []
      : tabularFeatures(spec, dataset)
          .filter((f) => !(f as { elapsed?: boolean }).elapsed && !known.has(f.name))
          .map((f) => f.name);
    if (extra.length)
      issues.push(
        issue(
          "preprocessing.excludeColumns",
          "baseColumnsExtra",
          { columns: extra.join(", "), dataset: dataset.name },
          `the base model does not read ${extra.join(", ")} of dataset ${dataset.name}: exclude them`,
        ),
      );
  }
  const inputShape = kept.at(-1)?.outputShape ?? base.inputShape;
  const head = analyzeSpec(spec, dataset, limits, { inputShape });
  const baseParams = kept.reduce((a, l) => a + l.params, 0);
  const all = [...issues, ...head.issues];
  if (
    head.analysis &&
    head.analysis.totalParams + baseParams > limits.maxParams &&
    !all.some((i) => i.code === "tooManyParams")
  )
    all.push(
      issue(
        "model.layers",
        "tooManyParams",
        { max: limits.maxParams, count: head.analysis.totalParams + baseParams },
        `the model has ${(head.analysis.totalParams + baseParams).toLocaleString("en-US")} parameters with its base; at most ${limits.maxParams.toLocaleString("en-US")} are allowed`,
      ),
    );
  return {
    issues: all,
    analysis: head.analysis
      ? {
          // The layer list shown is the head's: its input is the kept base layers' output.
          ...head.analysis,
          features: base.features,
          totalParams: head.analysis.totalParams + baseParams,
          base: {
            runId: base.runId,
            label: base.label,
            inputShape: base.inputShape,
            layers: kept,
            frozen,
            params: baseParams,
          },
        }
      : null,
  };
}

/**
 * A fine-tune config to start from: the base whole and frozen, its last layer replaced by a head sized for the dataset
 * (one softmax output per class, or one linear output), the dataset's columns the base does not read excluded.
 */
export function fineTuneTemplate(base: TFineTuneBase, dataset: TDatasetShapeInfo) {
  const known = new Set(base.features);
  const extra =
    dataset.kind === "TABULAR" && !base.textColumn
      ? (dataset.columns ?? []).filter((c) => c.name !== dataset.targetColumn && !known.has(c.name)).map((c) => c.name)
      : [];
  const classification = dataset.taskType === "CLASSIFICATION";
  return {
    specVersion: 1 as const,
    fineTune: { baseRunId: base.runId, freeze: "allBase", head: "replace", featureExtractor: false },
    // A text model's tokenizer is reused as fitted; the config names the column it reads.
    preprocessing: base.textColumn
      ? { text: { column: base.textColumn } }
      : extra.length
        ? { excludeColumns: extra }
        : {},
    model: {
      layers: [
        classification
          ? { type: "dense", units: dataset.classes.length, activation: "softmax" }
          : { type: "dense", units: 1, activation: "linear" },
      ],
    },
    training: { optimizer: { type: "adam", learningRate: 0.001 }, epochs: 20, batchSize: 32 },
  };
}
