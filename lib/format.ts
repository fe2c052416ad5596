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

const DURATION_UNITS = [
  { unit: "hour", seconds: 3600 },
  { unit: "minute", seconds: 60 },
] as const;

/**
 * A run's duration in the reader's language: "42.3 s", "12 min 5 s", "1 hr 3 min" in English, "42.3秒", "12分钟5秒",
 * "1小时3分钟" in Chinese (Intl's unit names; at most two units, seconds to one decimal under a minute).
 */
export function formatDuration(seconds: number, locale: string): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const unit = (value: number, name: string, digits = 0) =>
    new Intl.NumberFormat(locale, {
      style: "unit",
      unit: name,
      unitDisplay: "short",
      maximumFractionDigits: digits,
    }).format(value);
  const joiner = locale.startsWith("zh") ? "" : " ";
  if (seconds < 60) return unit(seconds, "second", 1);
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const { unit: name, seconds: size } of DURATION_UNITS) {
    if (rest >= size || parts.length) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count || parts.length === 0) parts.push(unit(count, name));
      if (parts.length === 2) return parts.join(joiner);
    }
  }
  if (rest) parts.push(unit(rest, "second"));
  return parts.join(joiner);
}
