/**
 * Evaluation metrics for runs, computed on the held-out test split. Pure
 * functions over plain arrays, so the worker, the web app and tests share them.
 * Definitions follow scikit-learn's (checked against its documented examples).
 */

export type TConfusion = number[][]; // [true class][predicted class]

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): TConfusion {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

export type TPerClass = { precision: number; recall: number; f1: number; support: number };

/** Per-class precision/recall/F1 and their unweighted (macro) means; 0 where undefined, as scikit-learn's zero_division=0. */
export function precisionRecallF1(confusion: TConfusion): { perClass: TPerClass[]; macro: Omit<TPerClass, "support"> } {
  const k = confusion.length;
  const perClass: TPerClass[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let r = 0; r < k; r++) {
      predicted += confusion[r]![c]!;
      actual += confusion[c]![r]!;
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support: actual });
  }
  const mean = (f: (p: TPerClass) => number) => perClass.reduce((a, p) => a + f(p), 0) / (k || 1);
  return {
    perClass,
    macro: { precision: mean((p) => p.precision), recall: mean((p) => p.recall), f1: mean((p) => p.f1) },
  };
}

export function accuracy(confusion: TConfusion): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, i) => row.forEach((n, j) => ((total += n), i === j && (correct += n))));
  return total ? correct / total : 0;
}

/** Mean cross-entropy of the true class's probability, clipped to [1e-15, 1 − 1e-15] like scikit-learn. */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>[]): number {
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const row = probabilities[i]!;
    let total = 0;
    for (let j = 0; j < row.length; j++) total += row[j]!;
    const p = Math.min(1 - eps, Math.max(eps, row[yTrue[i]!]! / (total || 1)));
    sum -= Math.log(p);
  }
  return yTrue.length ? sum / yTrue.length : 0;
}

/** Area under the ROC curve by the rank-sum statistic, averaging ranks of tied scores. NaN when one class is absent. */
export function rocAuc(isPositive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (isPositive[i]) {
      positives++;
      rankSum += ranks[i]!;
    }
  }
  const negatives = n - positives;
  if (!positives || !negatives) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** ROC curve points (false positive rate, true positive rate), one per distinct threshold, from (0,0) to (1,1). */
export function rocCurve(
  isPositive: ArrayLike<boolean>,
  scores: ArrayLike<number>,
): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < isPositive.length; i++) if (isPositive[i]) positives++;
  const negatives = scores.length - positives;
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (isPositive[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      fpr.push(negatives ? fp / negatives : 0);
      tpr.push(positives ? tp / positives : 0);
      thresholds.push(scores[i]!);
    }
  }
  return { fpr, tpr, thresholds };
}

export type TClassificationMetrics = {
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  /** Binary: AUC of the positive (second) class. Multiclass: macro one-vs-rest. */
  rocAuc: number | null;
  logLoss: number;
  perClass: (TPerClass & { label: string; rocAuc: number | null })[];
  confusion: TConfusion;
};

export function classificationMetrics(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>[],
  labels: string[],
): TClassificationMetrics {
  const k = labels.length;
  const yPred = probabilities.map((row) => argmax(row));
  const confusion = confusionMatrix(yTrue, yPred, k);
  const { perClass, macro } = precisionRecallF1(confusion);
  const aucs = labels.map((_, c) => {
    const auc = rocAuc(
      Array.from(yTrue, (y) => y === c),
      probabilities.map((row) => row[c]!),
    );
    return Number.isNaN(auc) ? null : auc;
  });
  const defined = aucs.filter((a): a is number => a !== null);
  const auc = k === 2 ? aucs[1]! : defined.length === k ? defined.reduce((a, b) => a + b, 0) / k : null;
  return {
    accuracy: accuracy(confusion),
    precisionMacro: macro.precision,
    recallMacro: macro.recall,
    f1Macro: macro.f1,
    rocAuc: auc,
    logLoss: logLoss(yTrue, probabilities),
    perClass: perClass.map((p, i) => ({ ...p, label: labels[i]!, rocAuc: aucs[i]! })),
    confusion,
  };
}

export type TRegressionMetrics = { mse: number; rmse: number; mae: number; r2: number };

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): TRegressionMetrics {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]! / n;
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    se += d * d;
    ae += Math.abs(d);
    tot += (yTrue[i]! - mean) ** 2;
  }
  const mse = n ? se / n : 0;
  // scikit-learn: R² is 1 for a perfect fit of a constant target, 0 for an imperfect one.
  const r2 = tot === 0 ? (se === 0 ? 1 : 0) : 1 - se / tot;
  return { mse, rmse: Math.sqrt(mse), mae: n ? ae / n : 0, r2 };
}
