import type { Redis } from "ioredis";
import { z } from "zod";
import { createLogger } from "../logger";
import { runChannel } from "../queue/training";
import { createRedis } from "../redis";

const nullableNumber = z.number().nullable().default(null);
/** One finished epoch's curve point, as stored in RunEpoch and sent to the page. */
export const ZLiveEpoch = z.object({
  epoch: z.number().int().min(1),
  trainLoss: z.number(),
  valLoss: nullableNumber,
  trainMetric: nullableNumber,
  valMetric: nullableNumber,
  learningRate: nullableNumber,
  samplesPerSec: nullableNumber,
});
export const ZRunStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"]);

/**
 * What travels on a run's channel (`run:<id>`): published by the worker (worker/training/, worker/processors/train.ts)
 * after the row it describes is committed, consumed by the SSE streams (live-stream.ts), which parse it with this
 * schema and so drop any field it does not name. The JSON of these objects is the wire format: change it only in a way
 * an older reader (or writer, during a rolling deploy) still understands.
 */
export const ZRunEvent = z.discriminatedUnion("type", [
  ZLiveEpoch.extend({
    type: z.literal("epoch"),
    /** Absent from older workers: the stream then assumes the attempt it last saw. */
    attempt: z.number().int().min(0).optional(),
    epochsTotal: z.number().int().min(1),
    etaSeconds: nullableNumber,
    /** The worker's epoch-end time (ms), for latency measurements (bench/progress.ts). */
    at: z.number().optional(),
  }),
  z.object({
    type: z.literal("status"),
    status: ZRunStatus,
    /** Set on RUNNING: the attempt that just started. */
    attempt: z.number().int().min(0).optional(),
    error: z.string().max(200).optional(),
  }),
]);
export type TRunEvent = z.infer<typeof ZRunEvent>;

/** Publishes one event on a run's channel; a Redis failure is ignored (a stream catches up from PostgreSQL). */
export const publishRunEvent = (publisher: Pick<Redis, "publish">, runId: string, event: TRunEvent) =>
  publisher.publish(runChannel(runId), JSON.stringify(event)).catch(() => 0);

export type TLiveListener = {
  /** A message published on the channel (raw; the caller validates it). */
  message: (payload: string) => void;
  /**
   * The subscription is live again after the connection to Redis was lost: messages published meanwhile were
   * missed, so a listener that had caught up must catch up again (from PostgreSQL).
   */
  resumed: () => void;
};

export type TLiveSubscription = {
  /** Settles once Redis has confirmed the subscription: from then on no message on the channel is missed. */
  ready: Promise<void>;
  /** Idempotent. The last listener to leave a channel unsubscribes it. */
  close: () => void;
};

type TDeferred = { promise: Promise<void>; resolve: () => void; settled: boolean };
type TChannel = { listeners: Set<TLiveListener>; ready: TDeferred };

const deferred = (): TDeferred => {
  let resolve!: () => void;
  const d: TDeferred = { promise: new Promise<void>((r) => (resolve = r)), resolve: () => {}, settled: false };
  d.resolve = () => {
    d.settled = true;
    resolve();
  };
  return d;
};

/**
 * One Redis subscriber connection for a whole process, fanned out in memory (one connection per SSE
 * stream let a few thousand anonymous streams exhaust Redis's clients and take the queue down with them).
 *
 * A channel is subscribed when its first listener arrives and unsubscribed when its last one leaves. When the
 * connection drops, ioredis reconnects with backoff; we subscribe every channel again ourselves (rather than
 * ioredis's autoResubscribe) so that we know when delivery is live again, and then tell each listener it may have
 * missed messages (`resumed`). Commands are only sent on a ready connection: a channel added or dropped during an
 * outage is settled by that one re-subscription, so the order of queued SUBSCRIBE/UNSUBSCRIBE never matters.
 */
export class LiveEvents {
  private redis: Redis | null = null;
  private readonly channels = new Map<string, TChannel>();
  /** Bumped whenever the connection is lost: a subscribe reply from an older connection proves nothing. */
  private generation = 0;
  /** Listeners that were live when the connection dropped: they hear `resumed` once it is back. */
  private interrupted = new Set<TLiveListener>();
  private down = false;
  private readonly log = createLogger({ service: "live-events" });

  constructor(private readonly options: { url?: string; connectionName: string }) {}

  /** Listens on a channel; `ready` settles when the subscription is confirmed (it waits while Redis is down). */
  subscribe(channel: string, listener: TLiveListener): TLiveSubscription {
    const redis = this.connection();
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { listeners: new Set(), ready: deferred() };
      this.channels.set(channel, entry);
      if (redis.status === "ready") this.sendSubscribe([channel]);
    }
    entry.listeners.add(listener);
    const joined = entry;
    let closed = false;
    return {
      ready: joined.ready.promise,
      close: () => {
        if (closed) return;
        closed = true;
        joined.listeners.delete(listener);
        this.interrupted.delete(listener);
        if (joined.listeners.size || this.channels.get(channel) !== joined) return;
        this.channels.delete(channel);
        if (redis.status === "ready") redis.unsubscribe(channel).catch(() => {});
      },
    };
  }

  /** For tests and health: channels subscribed and listeners attached in this process. */
  stats() {
    let listeners = 0;
    for (const entry of this.channels.values()) listeners += entry.listeners.size;
    return { connected: this.redis?.status === "ready", channels: this.channels.size, listeners };
  }

  async close() {
    const redis = this.redis;
    this.redis = null;
    this.channels.clear();
    if (redis && redis.status !== "end") await redis.quit().catch(() => redis.disconnect());
  }

  private connection(): Redis {
    if (this.redis) return this.redis;
    // autoResubscribe off: onReady subscribes everything itself and knows when it is done.
    const redis = createRedis(this.options.url, {
      connectionName: this.options.connectionName,
      autoResubscribe: false,
    });
    redis.on("message", (channel: string, payload: string) => {
      const entry = this.channels.get(channel);
      // A copy: a listener may leave (its run ended) while we deliver.
      if (entry) for (const listener of [...entry.listeners]) listener.message(payload);
    });
    redis.on("error", (error: NodeJS.ErrnoException) => {
      if (!this.down) this.log.warn("live events: redis connection lost; retrying", { code: error.code ?? error.name });
      this.down = true;
    });
    redis.on("close", () => {
      this.generation++;
      // New listeners wait for the re-subscription; current ones hear `resumed` when it is done.
      for (const entry of this.channels.values()) {
        if (!entry.ready.settled) continue;
        for (const listener of entry.listeners) this.interrupted.add(listener);
        entry.ready = deferred();
      }
    });
    redis.on("ready", () => this.onReady());
    this.redis = redis;
    return redis;
  }

  private onReady() {
    if (this.down) this.log.info("live events: redis connection restored");
    this.down = false;
    if (!this.channels.size) return this.interrupted.clear();
    const names = [...this.channels.keys()];
    this.sendSubscribe(names, () => {
      const interrupted = this.interrupted;
      this.interrupted = new Set();
      for (const name of names)
        for (const listener of [...(this.channels.get(name)?.listeners ?? [])])
          if (interrupted.has(listener)) listener.resumed();
    });
  }

  private sendSubscribe(names: string[], then: () => void = () => {}) {
    const redis = this.redis!;
    const generation = this.generation;
    // Only the entries this command was sent for: a channel dropped and added again meanwhile waits for its own reply.
    const entries = names.map((name) => this.channels.get(name));
    redis.subscribe(...names).then(
      () => {
        if (generation !== this.generation) return; // the connection dropped since; onReady subscribes again
        names.forEach((name, i) => {
          if (entries[i] && this.channels.get(name) === entries[i]) entries[i].ready.resolve();
        });
        then();
      },
      () => {}, // a lost connection: onReady subscribes again
    );
  }
}
