import type * as tfTypes from "@tensorflow/tfjs";
import { SPLIT } from "../../lib/datasets/split";
import { bootstrapIntervals, type TBootstrapInput, type TIntervals } from "../../lib/runs/bootstrap";
import { classificationMetrics, regressionMetrics, rocCurve } from "../../lib/runs/metrics";
import { targetScaling } from "../../lib/runs/preprocess";
import type { TRunContext } from "./context";
import { subset, type TTrainingData } from "./prepare";

/** Downsampled curve for storage and charts. */
const sample = <T>(values: T[], max = 200) =>
  values.length <= max
    ? values
    : values.filter((_, i) => i % Math.ceil(values.length / max) === 0 || i === values.length - 1);

/** Scores on the held-out test split, its public and private halves separately, and on the validation split. */
export function evaluate(ctx: TRunContext, data: TTrainingData, model: tfTypes.LayersModel) {
  const { tf, dataset } = ctx;
  const { prepared, featureSize, shape, classification, classCount: k } = data;
  // The model learnt the standardised target: metrics and residuals are in the target's own units.
  const { center, scale } = targetScaling(prepared.fitted);
  // Test scores carry 95 % bootstrap intervals, seeded by the run's seed (one stream per half) so they reproduce.
  const interval = (split: number, input: TBootstrapInput): { ci?: TIntervals; ciResamples?: number } => {
    if (split === SPLIT.VALIDATION) return {};
    const { intervals, resamples } = bootstrapIntervals(input, (ctx.run.seed + split) >>> 0);
    return { ci: intervals, ciResamples: resamples };
  };
  const evaluateSplit = (split: number) => {
    const part = subset(prepared, split, featureSize);
    if (!part.n) return null;
    const out = tf.tidy(() => model.predict(tf.tensor(part.x, shape(part.n))) as tfTypes.Tensor);
    const values = out.arraySync() as number[][];
    out.dispose();
    if (classification) {
      const yTrue = Array.from(part.y);
      const m = classificationMetrics(yTrue, values, dataset.classes);
      const positive = k === 2 ? 1 : null;
      const roc =
        positive !== null
          ? rocCurve(
              yTrue.map((y) => y === positive),
              values.map((v) => v[positive]!),
            )
          : null;
      const ci = interval(split, { task: "CLASSIFICATION", yTrue, probabilities: values, labels: dataset.classes });
      return { n: part.n, ...m, roc: roc ? { fpr: sample(roc.fpr), tpr: sample(roc.tpr) } : null, ...ci };
    }
    const predicted = values.map((v) => v[0]! * scale + center);
    const yTrue = Array.from(part.y, (y) => y * scale + center);
    const residuals = sample(
      yTrue.map((y, i) => [predicted[i]!, y - predicted[i]!] as [number, number]),
      500,
    );
    const ci = interval(split, { task: "REGRESSION", yTrue, yPred: predicted });
    return { n: part.n, ...regressionMetrics(yTrue, predicted), residuals, ...ci };
  };
  return {
    testPublic: evaluateSplit(SPLIT.TEST_PUBLIC),
    testPrivate: evaluateSplit(SPLIT.TEST_PRIVATE),
    validation: evaluateSplit(SPLIT.VALIDATION),
  };
}

export type TMetrics = ReturnType<typeof evaluate>;
