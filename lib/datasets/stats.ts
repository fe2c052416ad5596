/** Summaries of samples shared by the column profiles (numeric and text): quantiles, histograms, top counts. */
export const HISTOGRAM_BINS = 20;

/** Linear-interpolated quantile of sorted values (numpy's default method). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Equal-width bins over [min, max]; sample counts scaled to the column's true count. */
export function histogram(sample: Float64Array, min: number, max: number, total: number) {
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of sample) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))]!++;
  const scale = sample.length ? total / sample.length : 0;
  return { edges, counts: scale === 1 ? counts : counts.map((c) => Math.round(c * scale)) };
}

export function topValues(counts: Map<string, number>, n: number) {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}
