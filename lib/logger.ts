/**
 * A small structured logger: one JSON line per event in production (for log
 * shippers), a readable line in development. No dependency needed for this.
 */
type TLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<TLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type TLogger = Record<TLevel, (message: string, fields?: Record<string, unknown>) => void> & {
  child: (fields: Record<string, unknown>) => TLogger;
};

export function createLogger(
  base: Record<string, unknown> = {},
  level: TLevel = (process.env.LOG_LEVEL as TLevel | undefined) ?? "info",
): TLogger {
  const json = process.env.NODE_ENV === "production" || process.env.LOG_FORMAT === "json";
  const write =
    (lvl: TLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < (ORDER[level] ?? 20)) return;
      const entry = { time: new Date().toISOString(), level: lvl, msg: message, ...base, ...fields };
      const stream = lvl === "error" || lvl === "warn" ? process.stderr : process.stdout;
      if (json) {
        stream.write(
          `${JSON.stringify(entry, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v))}\n`,
        );
      } else {
        const extra = { ...base, ...fields };
        const tail = Object.keys(extra).length
          ? ` ${JSON.stringify(extra, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`
          : "";
        stream.write(`${entry.time.slice(11, 23)} ${lvl.toUpperCase().padEnd(5)} ${message}${tail}\n`);
      }
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => createLogger({ ...base, ...fields }, level),
  };
}
