import { z } from "zod";

/**
 * The experiment recipe: preprocessing, model and training, fully typed and
 * versioned by `specVersion`. Unknown fields are errors (strict objects), so a
 * typo never silently changes nothing. Exported as JSON Schema for editors and the API.
 */
export const SPEC_VERSION = 1 as const;

const ZActivation = z.enum([
  "linear",
  "relu",
  "elu",
  "selu",
  "tanh",
  "sigmoid",
  "softmax",
  "softplus",
  "swish",
  "gelu",
]);
const ZInitializer = z.enum(["glorotUniform", "glorotNormal", "heUniform", "heNormal", "leCunNormal", "zeros", "ones"]);
const ZRegularizer = z
  .object({ l1: z.number().min(0).max(1).default(0), l2: z.number().min(0).max(1).default(0) })
  .strict();
const ZPadding = z.enum(["valid", "same"]);
const ZKernel = z.union([
  z.number().int().min(1).max(15),
  z.tuple([z.number().int().min(1).max(15), z.number().int().min(1).max(15)]),
]);

const ZDense = z
  .object({
    type: z.literal("dense"),
    units: z.number().int().min(1).max(8192),
    activation: ZActivation.default("linear"),
    useBias: z.boolean().default(true),
    kernelInitializer: ZInitializer.default("glorotUniform"),
    kernelRegularizer: ZRegularizer.optional(),
  })
  .strict();
const ZDropout = z.object({ type: z.literal("dropout"), rate: z.number().min(0).max(0.95) }).strict();
const ZBatchNorm = z
  .object({
    type: z.literal("batchNormalization"),
    momentum: z.number().min(0).max(1).default(0.99),
    epsilon: z.number().positive().max(0.1).default(0.001),
  })
  .strict();
const ZActivationLayer = z.object({ type: z.literal("activation"), activation: ZActivation }).strict();
const ZConv2d = z
  .object({
    type: z.literal("conv2d"),
    filters: z.number().int().min(1).max(1024),
    kernelSize: ZKernel,
    strides: ZKernel.default(1),
    padding: ZPadding.default("valid"),
    activation: ZActivation.default("linear"),
    useBias: z.boolean().default(true),
    kernelInitializer: ZInitializer.default("glorotUniform"),
    kernelRegularizer: ZRegularizer.optional(),
  })
  .strict();
const ZPool = (type: "maxPooling2d" | "averagePooling2d") =>
  z
    .object({
      type: z.literal(type),
      poolSize: ZKernel.default(2),
      strides: ZKernel.optional(),
      padding: ZPadding.default("valid"),
    })
    .strict();
const ZFlatten = z.object({ type: z.literal("flatten") }).strict();
const ZGlobalAvgPool = z.object({ type: z.literal("globalAveragePooling2d") }).strict();

/**
 * Text layers (issue 17). The embedding's inputDim is the fitted vocabulary's size, so it is not in the spec; no
 * maskZero: padding ids are ordinary (learned) tokens, because not every tfjs layer after an embedding takes masks.
 */
const ZEmbedding = z
  .object({
    type: z.literal("embedding"),
    outputDim: z.number().int().min(1).max(1024),
    embeddingsInitializer: z.enum(["randomUniform", "glorotUniform", "heUniform"]).default("randomUniform"),
  })
  .strict();
const ZKernel1d = z.number().int().min(1).max(31);
const ZConv1d = z
  .object({
    type: z.literal("conv1d"),
    filters: z.number().int().min(1).max(1024),
    kernelSize: ZKernel1d,
    strides: ZKernel1d.default(1),
    padding: ZPadding.default("valid"),
    activation: ZActivation.default("linear"),
    useBias: z.boolean().default(true),
    kernelInitializer: ZInitializer.default("glorotUniform"),
    kernelRegularizer: ZRegularizer.optional(),
  })
  .strict();
const ZMaxPool1d = z
  .object({
    type: z.literal("maxPooling1d"),
    poolSize: ZKernel1d.default(2),
    strides: ZKernel1d.optional(),
    padding: ZPadding.default("valid"),
  })
  .strict();
const ZGlobalMaxPool1d = z.object({ type: z.literal("globalMaxPooling1d") }).strict();
const ZGlobalAvgPool1d = z.object({ type: z.literal("globalAveragePooling1d") }).strict();
export const RECURRENT_TYPES = ["simpleRNN", "lstm", "gru"] as const;
const ZRecurrent = (type: (typeof RECURRENT_TYPES)[number]) =>
  z
    .object({
      type: z.literal(type),
      units: z.number().int().min(1).max(1024),
      activation: ZActivation.default("tanh"),
      /** Output every step ([steps, units], to stack another sequence layer) or only the last ([units]). */
      returnSequences: z.boolean().default(false),
      dropout: z.number().min(0).max(0.95).default(0),
      recurrentDropout: z.number().min(0).max(0.95).default(0),
    })
    .strict();
const ZRecurrentLayer = z.discriminatedUnion("type", [ZRecurrent("simpleRNN"), ZRecurrent("lstm"), ZRecurrent("gru")]);
const ZBidirectional = z
  .object({
    type: z.literal("bidirectional"),
    layer: ZRecurrentLayer,
    mergeMode: z.enum(["concat", "sum", "mul", "ave"]).default("concat"),
  })
  .strict();

export const ZLayer = z.discriminatedUnion("type", [
  ZDense,
  ZDropout,
  ZBatchNorm,
  ZActivationLayer,
  ZConv2d,
  ZPool("maxPooling2d"),
  ZPool("averagePooling2d"),
  ZFlatten,
  ZGlobalAvgPool,
  ZEmbedding,
  ZConv1d,
  ZMaxPool1d,
  ZGlobalMaxPool1d,
  ZGlobalAvgPool1d,
  ZRecurrent("simpleRNN"),
  ZRecurrent("lstm"),
  ZRecurrent("gru"),
  ZBidirectional,
]);
export type TLayer = z.output<typeof ZLayer>;
export const LAYER_TYPES = [
  "dense",
  "dropout",
  "batchNormalization",
  "activation",
  "conv2d",
  "maxPooling2d",
  "averagePooling2d",
  "flatten",
  "globalAveragePooling2d",
  "embedding",
  "conv1d",
  "maxPooling1d",
  "globalMaxPooling1d",
  "globalAveragePooling1d",
  "simpleRNN",
  "lstm",
  "gru",
  "bidirectional",
] as const;

const ZLearningRate = z.number().positive().max(10);
const ZOptimizer = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("sgd"),
      learningRate: ZLearningRate.default(0.01),
      momentum: z.number().min(0).max(0.999).default(0),
      nesterov: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal("adam"),
      learningRate: ZLearningRate.default(0.001),
      beta1: z.number().min(0).max(0.9999).default(0.9),
      beta2: z.number().min(0).max(0.99999).default(0.999),
      epsilon: z.number().positive().max(1).default(1e-7),
    })
    .strict(),
  z
    .object({
      type: z.literal("rmsprop"),
      learningRate: ZLearningRate.default(0.001),
      rho: z.number().min(0).max(0.9999).default(0.9),
      momentum: z.number().min(0).max(0.999).default(0),
      epsilon: z.number().positive().max(1).default(1e-7),
    })
    .strict(),
  z.object({ type: z.literal("adagrad"), learningRate: ZLearningRate.default(0.01) }).strict(),
]);
const ZSchedule = z.discriminatedUnion("type", [
  z.object({ type: z.literal("constant") }).strict(),
  z
    .object({
      type: z.literal("step"),
      everyEpochs: z.number().int().min(1).max(1000),
      factor: z.number().positive().max(1),
    })
    .strict(),
  z
    .object({
      type: z.literal("exponential"),
      decayRate: z.number().positive().max(1),
      decayEpochs: z.number().int().min(1).max(1000).default(1),
    })
    .strict(),
  z.object({ type: z.literal("cosine"), minLearningRate: z.number().min(0).max(10).default(0) }).strict(),
]);

/**
 * Fine-tuning: start from another run's trained model instead of from scratch. The base's layers come first (its
 * last layer, the old head, dropped when `head` is "replace"); `model.layers` is the new head, built on top. The
 * base's fitted preprocessing is reused as is (the same feature columns are required).
 */
export const ZFineTune = z
  .object({
    baseRunId: z.string().min(1).max(64),
    /** Which base layers keep their weights: all of them, the first `freezeFirst`, or none. */
    freeze: z.enum(["allBase", "firstK", "none"]).default("allBase"),
    freezeFirst: z.number().int().min(0).max(200).default(0),
    head: z.enum(["replace", "append"]).default("replace"),
    /** Learning rate of unfrozen base layers, as a fraction of the head's. */
    baseLearningRateFactor: z.number().positive().max(1).default(1),
    /** With the whole base frozen: compute its output once and train the head on those features (much faster). */
    featureExtractor: z.boolean().default(false),
  })
  .strict();
export type TFineTune = z.output<typeof ZFineTune>;

/**
 * Datetime columns (issue 17): each gives the chosen parts of its UTC time, the cyclic ones as a sin and a cos
 * column, "timestamp" as days since 1970 scaled like the numeric columns; `elapsed` adds the time from one datetime
 * column to another as a numeric column.
 */
export const DATETIME_PARTS = ["timestamp", "hour", "dayOfWeek", "month", "dayOfYear"] as const;
const ZDatetimePreprocessing = z
  .object({
    features: z
      .array(z.enum(DATETIME_PARTS))
      .max(DATETIME_PARTS.length)
      .default([...DATETIME_PARTS]),
    elapsed: z
      .array(
        z
          .object({
            from: z.string().min(1).max(200),
            to: z.string().min(1).max(200),
            unit: z.enum(["seconds", "hours", "days"]).default("days"),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
const DATETIME_DEFAULTS = { features: [...DATETIME_PARTS], elapsed: [] };

/**
 * A text column as the model's input (issue 17): its token ids, [maxLength] (0 = padding, 1 = out of vocabulary,
 * 2.. by train frequency), from a tokenizer fitted on the train rows. The other columns are not fed to the model.
 */
export const TEXT_LEVELS = ["auto", "word", "char"] as const;
const ZTextPreprocessing = z
  .object({
    column: z.string().min(1).max(200),
    level: z.enum(TEXT_LEVELS).default("auto"),
    vocabularySize: z.number().int().min(100).max(50_000).default(10_000),
    maxLength: z.number().int().min(4).max(1000).default(64),
    lowercase: z.boolean().default(true),
  })
  .strict();
export type TTextPreprocessing = z.output<typeof ZTextPreprocessing>;

export const ZConfigSpec = z
  .object({
    specVersion: z.literal(SPEC_VERSION),
    fineTune: ZFineTune.optional(),
    preprocessing: z
      .object({
        numericScaling: z.enum(["standard", "minMax", "none"]).default("standard"),
        categoricalEncoding: z
          .object({
            type: z.literal("oneHot").default("oneHot"),
            maxCategories: z.number().int().min(2).max(1000).default(50),
          })
          .strict()
          .default({ type: "oneHot", maxCategories: 50 }),
        missing: z
          .object({
            numeric: z.enum(["mean", "median", "constant", "dropRows"]).default("mean"),
            categorical: z.enum(["mostFrequent", "constant", "dropRows"]).default("mostFrequent"),
            numericConstant: z.number().default(0),
            categoricalConstant: z.string().max(100).default("missing"),
          })
          .strict()
          .default({
            numeric: "mean",
            categorical: "mostFrequent",
            numericConstant: 0,
            categoricalConstant: "missing",
          }),
        includeColumns: z.array(z.string().min(1).max(200)).max(1000).optional(),
        excludeColumns: z.array(z.string().min(1).max(200)).max(1000).default([]),
        datetime: ZDatetimePreprocessing.default(DATETIME_DEFAULTS),
        text: ZTextPreprocessing.optional(),
        /** Regression only: train on the standardised target; predictions and metrics are un-scaled. */
        targetScaling: z.enum(["standard", "none"]).default("standard"),
        image: z
          .object({
            normalization: z.enum(["scale01", "standard", "none"]).default("scale01"),
            augmentation: z
              .object({
                flipHorizontal: z.boolean().default(false),
                rotationDegrees: z.number().min(0).max(45).default(0),
                shiftFraction: z.number().min(0).max(0.3).default(0),
              })
              .strict()
              .default({ flipHorizontal: false, rotationDegrees: 0, shiftFraction: 0 }),
          })
          .strict()
          .default({
            normalization: "scale01",
            augmentation: { flipHorizontal: false, rotationDegrees: 0, shiftFraction: 0 },
          }),
      })
      .strict(),
    model: z.object({ layers: z.array(ZLayer).min(1, "model.layers needs at least one layer") }).strict(),
    training: z
      .object({
        optimizer: ZOptimizer,
        schedule: ZSchedule.default({ type: "constant" }),
        loss: z
          .enum([
            "auto",
            "categoricalCrossentropy",
            "binaryCrossentropy",
            "meanSquaredError",
            "meanAbsoluteError",
            "huber",
          ])
          .default("auto"),
        epochs: z.number().int().min(1),
        batchSize: z.number().int().min(1),
        earlyStopping: z
          .object({
            enabled: z.boolean().default(false),
            monitor: z.enum(["val_loss", "val_accuracy"]).default("val_loss"),
            patience: z.number().int().min(1).max(1000).default(5),
            restoreBest: z.boolean().default(true),
          })
          .strict()
          .default({ enabled: false, monitor: "val_loss", patience: 5, restoreBest: true }),
        classWeights: z
          .union([z.enum(["none", "balanced"]), z.record(z.string().max(200), z.number().positive().max(1000))])
          .default("none"),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(42),
      })
      .strict(),
  })
  .strict();

export type TConfigSpec = z.output<typeof ZConfigSpec>;
export type TConfigSpecInput = z.input<typeof ZConfigSpec>;

/** The JSON Schema of the spec (for editors, the API and the CLI). */
export function configJsonSchema() {
  return z.toJSONSchema(ZConfigSpec, { io: "input", target: "draft-2020-12" });
}
