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

export const ZConfigSpec = z
  .object({
    specVersion: z.literal(SPEC_VERSION),
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
