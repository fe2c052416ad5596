import { describe, expect, it } from "vitest";
import {
  classificationMetrics,
  confusionMatrix,
  logLoss,
  precisionRecallF1,
  regressionMetrics,
  rocAuc,
  rocCurve,
} from "./metrics";

// Expected values are scikit-learn's documented examples, or worked by hand in the comments.

describe("classification metrics", () => {
  it("precision/recall/F1 macro match scikit-learn's precision_recall_fscore_support example", () => {
    const { macro, perClass } = precisionRecallF1(confusionMatrix([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3));
    expect(macro.precision).toBeCloseTo(0.2222222, 6);
    expect(macro.recall).toBeCloseTo(0.3333333, 6);
    expect(macro.f1).toBeCloseTo(0.2666667, 6);
    expect(perClass.map((p) => p.support)).toEqual([2, 2, 2]);
  });

  it("ROC AUC matches roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75, with ties counted half", () => {
    expect(rocAuc([false, false, true, true], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    // one tie between a positive and a negative: (1 + 0.5) / 2
    expect(rocAuc([false, true, false, true], [0.2, 0.5, 0.5, 0.9])).toBe(0.875);
    expect(rocAuc([true, true], [0.1, 0.2])).toBeNaN();
  });

  it("ROC curve goes from (0,0) to (1,1) with one point per distinct threshold", () => {
    const curve = rocCurve([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    expect(curve.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(curve.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  it("log loss matches scikit-learn's log_loss example (0.21616)", () => {
    expect(
      logLoss(
        [1, 0, 0, 1],
        [
          [0.1, 0.9],
          [0.9, 0.1],
          [0.8, 0.2],
          [0.35, 0.65],
        ],
      ),
    ).toBeCloseTo(0.21616187, 7);
    expect(Number.isFinite(logLoss([0], [[0, 1]]))).toBe(true); // clipped, not Infinity
  });

  it("puts it together: accuracy, confusion matrix, binary AUC of the positive class", () => {
    const m = classificationMetrics(
      [0, 0, 1, 1],
      [
        [0.9, 0.1],
        [0.6, 0.4],
        [0.65, 0.35],
        [0.2, 0.8],
      ],
      ["no", "yes"],
    );
    expect(m.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(m.accuracy).toBe(0.75);
    expect(m.rocAuc).toBe(0.75);
    expect(m.perClass[1]).toMatchObject({ label: "yes", precision: 1, recall: 0.5 });
  });

  it("multiclass AUC is the macro one-vs-rest mean", () => {
    const probs = [
      [0.8, 0.1, 0.1],
      [0.3, 0.4, 0.3],
      [0.1, 0.2, 0.7],
      [0.5, 0.3, 0.2],
      [0.2, 0.6, 0.2],
      [0.3, 0.3, 0.4],
    ];
    const m = classificationMetrics([0, 1, 2, 0, 1, 2], probs, ["a", "b", "c"]);
    // class a: positives 0.8, 0.5 vs 0.3, 0.1, 0.2, 0.3 → 8/8 = 1; class b: 0.4, 0.6 vs 0.1, 0.2, 0.3, 0.3 → 1;
    // class c: 0.7, 0.4 vs 0.1, 0.3, 0.2, 0.2 → 1
    expect(m.perClass.map((p) => p.rocAuc)).toEqual([1, 1, 1]);
    expect(m.rocAuc).toBe(1);
    expect(m.accuracy).toBe(1);
  });
});

describe("regression metrics", () => {
  it("match scikit-learn's examples: MSE 0.375, MAE 0.5, R² 0.9486", () => {
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    expect(m.mse).toBe(0.375);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.mae).toBe(0.5);
    expect(m.r2).toBeCloseTo(0.9486081, 6);
  });

  it("R² of a constant target: 1 when perfect, 0 otherwise", () => {
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionMetrics([2, 2], [1, 3]).r2).toBe(0);
  });
});
