import { describe, expect, it } from "vitest";
import { earlyStopMarks } from "./early-stopping";

const spec = (earlyStopping: unknown) => ({ training: { epochs: 50, earlyStopping } });
const curve = (valLosses: (number | null)[], valMetrics: (number | null)[] = []) =>
  valLosses.map((valLoss, i) => ({ epoch: i + 1, valLoss, valMetric: valMetrics[i] ?? null }));
const on = { enabled: true, monitor: "val_loss", patience: 2, restoreBest: true };

describe("earlyStopMarks", () => {
  it("finds where a finished run stopped early and which epoch's weights were restored", () => {
    // Best at epoch 2 (0.4), then two epochs without improvement: the worker stops after epoch 4.
    const run = {
      status: "SUCCEEDED",
      epochsTotal: 50,
      spec: spec(on),
      classification: true,
      epochs: curve([0.5, 0.4, 0.45, 0.4]),
    };
    expect(earlyStopMarks(run)).toEqual({ stoppedAfter: 4, restoredEpoch: 2 });
  });

  it("keeps the first of equal best values, as the worker's strict comparison does", () => {
    const run = {
      status: "SUCCEEDED",
      epochsTotal: 50,
      spec: spec(on),
      classification: true,
      epochs: curve([0.5, 0.3, 0.3, 0.6]),
    };
    expect(earlyStopMarks(run).restoredEpoch).toBe(2);
  });

  it("watches validation accuracy when told to (higher is better)", () => {
    const run = {
      status: "SUCCEEDED",
      epochsTotal: 50,
      classification: true,
      spec: spec({ ...on, monitor: "val_accuracy" }),
      epochs: curve([0.5, 0.4, 0.3, 0.2], [0.7, 0.9, 0.8, 0.85]),
    };
    expect(earlyStopMarks(run)).toEqual({ stoppedAfter: 4, restoredEpoch: 2 });
  });

  it("marks nothing when early stopping is off, the run did not succeed, or there was no validation data", () => {
    const base = { status: "SUCCEEDED", epochsTotal: 50, classification: true, epochs: curve([0.5, 0.4, 0.45]) };
    expect(earlyStopMarks({ ...base, spec: spec({ ...on, enabled: false }) })).toEqual({
      stoppedAfter: null,
      restoredEpoch: null,
    });
    expect(earlyStopMarks({ ...base, spec: {} })).toEqual({ stoppedAfter: null, restoredEpoch: null });
    expect(earlyStopMarks({ ...base, spec: spec(on), status: "CANCELED" })).toEqual({
      stoppedAfter: null,
      restoredEpoch: null,
    });
    expect(earlyStopMarks({ ...base, spec: spec(on), epochs: curve([null, null, null]) })).toEqual({
      stoppedAfter: null,
      restoredEpoch: null,
    });
  });

  it("shows a restored epoch without a stop when the run trained all its epochs, and no restore without restoreBest", () => {
    const full = { status: "SUCCEEDED", epochsTotal: 3, classification: true, epochs: curve([0.5, 0.4, 0.45]) };
    expect(earlyStopMarks({ ...full, spec: spec(on) })).toEqual({ stoppedAfter: null, restoredEpoch: 2 });
    expect(earlyStopMarks({ ...full, epochsTotal: 50, spec: spec({ ...on, restoreBest: false }) })).toEqual({
      stoppedAfter: 3,
      restoredEpoch: null,
    });
    // The last epoch was the best: the weights are the final ones, nothing to mark.
    expect(earlyStopMarks({ ...full, spec: spec(on), epochs: curve([0.5, 0.4, 0.3]) })).toEqual({
      stoppedAfter: null,
      restoredEpoch: null,
    });
  });
});
