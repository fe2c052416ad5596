/** 1536 → "1.5 KB". Binary units, as file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * A number for a stats table, and the one rule for scores everywhere (boards, run pages, run lists, compare):
 * integers as is, others to 4 significant digits.
 */
export function formatStat(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  // toLocaleString alone stops at 3 decimals (0.8765 → "0.877"): keep every digit toPrecision left.
  return Math.abs(n) >= 1e6 || Math.abs(n) < 1e-3
    ? n.toExponential(3)
    : Number(n.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}
