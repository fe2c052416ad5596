import type { TConfigSpec } from "../configs/spec";

type TPre = TConfigSpec["preprocessing"];

export const median = (values: number[]) => {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const mean = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / (values.length || 1);
};

/** Population standard deviation around `center`; 1 when it is 0 (a constant column must not divide by zero). */
export const std = (values: ArrayLike<number>, center: number) => {
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - center) ** 2;
  return Math.sqrt(sq / (values.length || 1)) || 1;
};

/** The value that replaces a missing numeric one, from the present train values. */
export function numericImpute(trainPresent: number[], pre: TPre): number {
  if (pre.missing.numeric === "constant") return pre.missing.numericConstant;
  if (pre.missing.numeric === "median") return median(trainPresent);
  return mean(trainPresent);
}

/** Center and scale of the configured numeric scaling, fitted on the (imputed) train values. */
export function fitScaling(filled: number[], mode: TPre["numericScaling"]): { center: number; scale: number } {
  if (!filled.length || mode === "none") return { center: 0, scale: 1 };
  if (mode === "standard") {
    const center = mean(filled);
    return { center, scale: std(filled, center) };
  }
  // A loop, not Math.min(...filled): spreading ~120k+ values overflows the call stack.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of filled) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { center: lo, scale: hi - lo || 1 };
}
