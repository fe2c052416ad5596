export type TStreamLimits = { perIp: number; perUser: number; total: number };
/** `ip` null: the address is unknown (no trusted proxy), so only the per-user and per-process caps apply. */
export type TStreamClient = { ip: string | null; userId: string | null };

/**
 * Caps on concurrent live-progress streams, per client IP, per signed-in user and per process. These count open
 * connections (a *concurrency* cap), so they live in this process's memory: a stream holds its slot exactly as long
 * as it is open, and a crashed process frees its slots with its sockets. Request *rates* are limited elsewhere
 * (lib/limits).
 *
 * Without a trusted proxy (TRUST_PROXY=0) no header tells one client from another (lib/limits/client-ip.ts): a per-IP
 * cap would then be one cap for the whole site — the first 20 viewers would lock everyone else out — while a client
 * could still dodge it no better than the per-process cap. So it applies only where addresses are known.
 */
export class StreamSlots {
  private readonly byIp = new Map<string, number>();
  private readonly byUser = new Map<string, number>();
  private open = 0;

  constructor(private readonly limits: TStreamLimits) {}

  /** A release function (idempotent), or null when the client or the process is at its cap. */
  acquire({ ip, userId }: TStreamClient): (() => void) | null {
    const { perIp, perUser, total } = this.limits;
    if (this.open >= total || (ip !== null && (this.byIp.get(ip) ?? 0) >= perIp)) return null;
    if (userId !== null && (this.byUser.get(userId) ?? 0) >= perUser) return null;
    this.open++;
    if (ip !== null) bump(this.byIp, ip, 1);
    if (userId !== null) bump(this.byUser, userId, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      if (ip !== null) bump(this.byIp, ip, -1);
      if (userId !== null) bump(this.byUser, userId, -1);
    };
  }

  stats() {
    return { open: this.open, ips: this.byIp.size, users: this.byUser.size };
  }
}

function bump(counts: Map<string, number>, key: string, by: number) {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key); // no entry per past client: the maps stay as small as the open streams
}
