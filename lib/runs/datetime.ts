/**
 * Datetime values as model features (issue 17). Values are ISO 8601 as the dataset profile recognises them
 * (lib/datasets/profile.ts DATETIME_RE): a date, optionally a time, optionally an offset. A value without an offset
 * is UTC (never the server's local zone: Date.parse would read "2024-03-10T23:30" as local time, so the same
 * dataset would train differently on a machine in another zone); a value with an offset is converted to UTC. Every
 * derived part is then read in UTC.
 */
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/;

const MS_PER_DAY = 86_400_000;

/** Milliseconds since 1970-01-01T00:00:00Z, or null when the value is not a valid ISO 8601 datetime. */
export function parseDatetime(value: string): number | null {
  const m = ISO_RE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls over (Feb 30 → Mar 2): such a value is not a date.
  if (new Date(utc).getUTCDate() !== day) return null;
  if (!m[9]) return utc;
  const offsetMinutes = (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (Number(m[10]) > 23 || Number(m[11]) > 59) return null;
  // 23:30 at -05:00 is 04:30 UTC the next day: subtract the offset.
  return utc - offsetMinutes * 60_000;
}

export type TCyclicPart = "hour" | "dayOfWeek" | "month" | "dayOfYear";
export const CYCLIC_PARTS: TCyclicPart[] = ["hour", "dayOfWeek", "month", "dayOfYear"];

/** A cyclic part as a fraction of its cycle, in [0, 1), read in UTC. */
export function cyclicFraction(ms: number, part: TCyclicPart): number {
  const d = new Date(ms);
  switch (part) {
    case "hour": // the time of day, not only the whole hour: 04:30 is half-way between 04:00 and 05:00
      return (d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600) / 24;
    case "dayOfWeek": // 0 = Sunday
      return d.getUTCDay() / 7;
    case "month":
      return d.getUTCMonth() / 12;
    case "dayOfYear": {
      const year = d.getUTCFullYear();
      const start = Date.UTC(year, 0, 1);
      const days = (Date.UTC(year + 1, 0, 1) - start) / MS_PER_DAY; // 365 or 366
      return Math.floor((ms - start) / MS_PER_DAY) / days;
    }
  }
}

/** The two columns of a cyclic part: December sits next to January, 23:59 next to 00:00. */
export function cyclicPair(ms: number, part: TCyclicPart): [number, number] {
  const angle = 2 * Math.PI * cyclicFraction(ms, part);
  return [Math.sin(angle), Math.cos(angle)];
}

/** Days since 1970 (fractional): the "timestamp" feature before scaling. */
export const daysSinceEpoch = (ms: number) => ms / MS_PER_DAY;

export const ELAPSED_UNIT_MS = { seconds: 1000, hours: 3_600_000, days: MS_PER_DAY } as const;
