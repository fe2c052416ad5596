import { z } from "zod";
import { AppError, RateLimitedError } from "../errors";
import { loadEnv } from "../env";
import type { TViewer } from "../permissions/visibility";
import { runChannel } from "../queue/training";
import {
  LiveEvents,
  ZRunEvent,
  type TLiveSubscription,
  type TRunEvent,
  type ZLiveEpoch,
  type ZRunStatus,
} from "./live-events";
import { clientIp } from "../limits/client-ip";
import { consume } from "../limits";
import { StreamSlots } from "./live-slots";
import { getRun } from "./queries";

/*
 * A run's live progress as server-sent events, built to hold many open streams at once.
 *
 * - Every stream in the process listens through one Redis subscriber (live-events.ts); caps on open streams per IP,
 *   per user and per process (live-slots.ts) answer 429 before anything is opened.
 * - No gap, no duplicate: a stream subscribes first and buffers, then reads the run from PostgreSQL, sends what the
 *   client lacks, then the buffered events it has not sent yet, then live ones. The worker writes each row before
 *   it publishes the event, so whatever the read missed is still to come, and anything the read saw is dropped
 *   from the buffer by its id.
 * - Ids: `<attempt>-<epoch>` (a retried run starts its epochs again with a higher attempt). A reconnecting
 *   EventSource sends the last one as `Last-Event-ID` and gets only the epochs after it, from PostgreSQL; an id
 *   from another attempt (or none, or a malformed one) gets a full snapshot. The same catch-up runs when the Redis
 *   connection comes back after an outage, from the last id this stream sent.
 * - The stream ends after the run's terminal status (or at once for a finished run); the page closes its
 *   EventSource on a terminal status so the browser does not reconnect.
 * - What travels: status, epoch curves (train/validation), ETA and an error key. Never test metrics — in
 *   particular never the private half's (lib/permissions/hidden-half.ts): published events are parsed with
 *   ZRunEvent (live-events.ts), which drops any field it does not name.
 */

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED"]);
const HEARTBEAT_MS = 15_000;
/** How long a new stream waits for Redis to confirm its subscription before answering 503. */
const READY_TIMEOUT_MS = 5_000;
/** A client that stopped reading is disconnected after this many unread events rather than buffered without end. */
const MAX_UNREAD_EVENTS = 1_000;
/** Retry-After for a stream refused at a cap: open streams last minutes, so asking again sooner rarely helps. */
const STREAM_RETRY_AFTER_SECONDS = 30;

const ZRunId = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);

export type TLiveEpoch = z.infer<typeof ZLiveEpoch>;
type TLiveStatus = z.infer<typeof ZRunStatus>;
/** What a client of /api/runs/<id>/events receives (the page: app/runs/[id]/run-live.tsx). */
export type TLiveEvent =
  | {
      type: "snapshot";
      status: TLiveStatus;
      epochsTotal: number;
      epochs: TLiveEpoch[];
      etaSeconds: number | null;
      error: string | null;
    }
  | ({ type: "epoch"; epochsTotal: number; etaSeconds: number | null; at?: number } & TLiveEpoch)
  | { type: "status"; status: TLiveStatus; error?: string | null };

type TCursor = { attempt: number; epoch: number };
const eventId = (c: TCursor) => `${c.attempt}-${c.epoch}`;
function parseEventId(value: string | null | undefined): TCursor | null {
  const m = /^(\d{1,9})-(\d{1,9})$/.exec(value?.trim() ?? "");
  return m ? { attempt: Number(m[1]), epoch: Number(m[2]) } : null;
}
const after = (a: TCursor, b: TCursor) => a.attempt > b.attempt || (a.attempt === b.attempt && a.epoch > b.epoch);

type TRunRow = NonNullable<Awaited<ReturnType<typeof getRun>>>;
const liveEpoch = (e: TLiveEpoch): TLiveEpoch => ({
  epoch: e.epoch,
  trainLoss: e.trainLoss,
  valLoss: e.valLoss,
  trainMetric: e.trainMetric,
  valMetric: e.valMetric,
  learningRate: e.learningRate,
  samplesPerSec: e.samplesPerSec,
});

type TLive = { hub: LiveEvents; slots: StreamSlots; streams: Set<RunStream> };
const globalForLive = globalThis as unknown as { trainyardLive?: TLive };

/** Named so operators (and tests) can find it in Redis's CLIENT LIST: one per web process. */
export const liveConnectionName = () => `trainyard-live-${process.pid}`;

function live(): TLive {
  if (!globalForLive.trainyardLive) {
    const env = loadEnv();
    globalForLive.trainyardLive = {
      hub: new LiveEvents({ url: env.REDIS_URL, connectionName: liveConnectionName() }),
      slots: new StreamSlots({
        perIp: env.LIVE_STREAMS_PER_IP,
        perUser: env.LIVE_STREAMS_PER_USER,
        total: env.LIVE_STREAMS_MAX,
      }),
      streams: new Set(),
    };
  }
  return globalForLive.trainyardLive;
}

/**
 * The process's one Redis subscriber, shared by every kind of live stream: run progress here, the notification bell
 * in lib/notifications/live-stream.ts. Each kind keeps its own caps (StreamSlots); closeLiveStreams closes it.
 */
export const liveHub = (): LiveEvents => live().hub;

/** Open streams, subscribed channels and held slots in this process (tests, diagnostics). */
export function liveStreamStats() {
  const { hub, slots, streams } = live();
  return { streams: streams.size, ...hub.stats(), slots: slots.stats() };
}

/** Ends every stream and the subscriber connection (tests; a shutting-down process). */
export async function closeLiveStreams() {
  const current = globalForLive.trainyardLive;
  globalForLive.trainyardLive = undefined;
  if (!current) return;
  for (const stream of [...current.streams]) stream.close();
  await current.hub.close();
}

/**
 * The SSE response for one run, or an AppError: NOT_FOUND (no such run, or not visible to the viewer — checked by
 * getRun exactly as the run page does), RateLimitedError (a cap; lib/http.ts answers 429 with Retry-After),
 * UNAVAILABLE (Redis did not confirm the subscription in time).
 */
export async function openRunStream({
  runId,
  viewer,
  headers,
  signal,
}: {
  runId: string;
  viewer: TViewer;
  headers: Headers;
  signal?: AbortSignal;
}): Promise<Response> {
  if (!ZRunId.safeParse(runId).success) throw new AppError("NOT_FOUND");
  const { hub, slots, streams } = live();
  const { TRUST_PROXY } = loadEnv();
  const ip = TRUST_PROXY > 0 ? clientIp(headers, TRUST_PROXY) : null;
  // How often one user (or, behind a trusted proxy, one address) may open streams (RATE_LIMIT_SSE); anonymous viewers
  // without a trusted proxy share no key worth counting and are bounded by the caps on open streams alone.
  const rateKey = viewer ? `user:${viewer.id}` : ip ? `ip:${ip}` : null;
  if (rateKey) await consume("sse", rateKey);
  const release = slots.acquire({ ip, userId: viewer?.id ?? null });
  if (!release) throw new RateLimitedError("liveStreams", STREAM_RETRY_AFTER_SECONDS);
  const stream = new RunStream(runId, viewer, release, streams);
  let run: TRunRow | null;
  try {
    stream.subscription = hub.subscribe(runChannel(runId), {
      message: (m) => stream.message(m),
      resumed: () => void stream.resync(),
    });
    await within(stream.subscription.ready, READY_TIMEOUT_MS);
    run = await getRun(runId, viewer);
    if (!run) throw new AppError("NOT_FOUND");
    if (signal?.aborted) throw new AppError("NOT_FOUND"); // the client left while we looked: nothing to stream
  } catch (error) {
    stream.close();
    throw error;
  }
  // Handed over once: the stream keeps its source object for its lifetime, and a long run's row with all its epochs
  // must not stay in memory once per open stream.
  let initial: TRunRow | null = run;
  const from = parseEventId(headers.get("last-event-id"));
  signal?.addEventListener("abort", stream.close, { once: true });
  stream.detach = () => signal?.removeEventListener("abort", stream.close);
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      const found = initial!;
      initial = null;
      stream.start(controller, found, from);
    },
    cancel: stream.close,
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new AppError("UNAVAILABLE")), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const encoder = new TextEncoder();

class RunStream {
  subscription: TLiveSubscription | null = null;
  detach: () => void = () => {};
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** Events that arrived while this stream was catching up from PostgreSQL; null once live. */
  private buffer: TRunEvent[] | null = [];
  /** The last epoch this client has (from us or, on resume, from a previous connection). */
  private cursor: TCursor = { attempt: 0, epoch: 0 };
  private status: string | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private syncing = false;
  private syncAgain = false;
  private closed = false;

  constructor(
    private readonly runId: string,
    private readonly viewer: TViewer,
    private readonly release: () => void,
    private readonly streams: Set<RunStream>,
  ) {
    streams.add(this);
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>, run: TRunRow, from: TCursor | null) {
    this.controller = controller;
    // Spread reconnections out (the browser's default is 3 s for everyone): a restarted web process is not hit by
    // all its former clients in the same second.
    this.write(`retry: ${3_000 + Math.floor(Math.random() * 4_000)}\n\n`);
    this.heartbeat = setInterval(() => this.write(": keep-alive\n\n"), HEARTBEAT_MS);
    this.heartbeat.unref?.();
    this.catchUp(run, from);
    if (this.syncAgain) void this.resync();
  }

  message(payload: string) {
    if (this.closed) return;
    let event: TRunEvent;
    try {
      event = ZRunEvent.parse(JSON.parse(payload));
    } catch {
      return; // not ours to forward
    }
    if (this.buffer) this.buffer.push(event);
    else this.deliver(event);
  }

  /** After a Redis outage: catch up from PostgreSQL from what this client has, as a reconnecting client would. */
  async resync() {
    if (this.closed) return;
    if (this.syncing || !this.controller) {
      // Not started yet: the first catch-up may have read PostgreSQL before the outage ended, so it runs again.
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        this.buffer ??= [];
        const run = await getRun(this.runId, this.viewer);
        if (this.closed) return;
        if (!run) return this.close(); // deleted, or no longer visible to this viewer
        this.catchUp(run, this.cursor);
      } while (this.syncAgain && !this.closed);
    } catch {
      this.close(); // PostgreSQL unreachable: the browser reconnects with Last-Event-ID and catches up then
    } finally {
      this.syncing = false;
    }
  }

  close = () => {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.subscription?.close();
    this.release();
    this.streams.delete(this);
    this.detach();
    this.buffer = null;
    try {
      this.controller?.close();
    } catch {
      // already closed or canceled by the client
    }
  };

  /** Sends what a client at `from` lacks, then the buffered events it still lacks, and goes live. */
  private catchUp(run: TRunRow, from: TCursor | null) {
    const epochs = run.epochs.map(liveEpoch);
    const last = { attempt: run.attempt, epoch: epochs.at(-1)?.epoch ?? 0 };
    if (from && from.attempt === run.attempt && from.epoch <= last.epoch) {
      for (const e of epochs)
        if (e.epoch > from.epoch)
          this.send(
            { type: "epoch", ...e, epochsTotal: run.epochsTotal, etaSeconds: run.etaSeconds },
            { attempt: run.attempt, epoch: e.epoch },
          );
      // RUNNING is what the client already shows (a RUNNING event would clear its curves for a new attempt).
      if (run.status !== "RUNNING" && run.status !== this.status)
        this.send({ type: "status", status: run.status, error: run.error });
    } else {
      this.send(
        {
          type: "snapshot",
          status: run.status,
          epochsTotal: run.epochsTotal,
          epochs,
          etaSeconds: run.etaSeconds,
          error: run.error,
        },
        last,
      );
    }
    this.cursor = last;
    this.status = run.status;
    if (TERMINAL.has(run.status)) return this.close();
    const pending = this.buffer ?? [];
    this.buffer = null;
    for (const event of pending) this.deliver(event);
  }

  private deliver(event: TRunEvent) {
    if (this.closed) return;
    if (event.type === "epoch") {
      const at = { attempt: event.attempt ?? this.cursor.attempt, epoch: event.epoch };
      if (!after(at, this.cursor)) return; // already sent (read from PostgreSQL, or a late duplicate)
      this.cursor = at;
      const { attempt: _attempt, type: _type, ...fields } = event;
      this.send({ type: "epoch", ...fields }, at);
    } else if (event.status === "RUNNING") {
      // A new attempt; one at or before ours is already reflected in what the client has.
      if (event.attempt === undefined || event.attempt <= this.cursor.attempt) return;
      this.cursor = { attempt: event.attempt, epoch: 0 };
      this.status = "RUNNING";
      this.send({ type: "status", status: "RUNNING" }, this.cursor);
    } else if (event.status !== "QUEUED" && !TERMINAL.has(this.status ?? "")) {
      this.status = event.status;
      this.send({ type: "status", status: event.status, error: event.error ?? null });
      this.close();
    }
  }

  private send(event: TLiveEvent, id?: TCursor) {
    this.write(`data: ${JSON.stringify(event)}\n${id ? `id: ${eventId(id)}\n` : ""}\n`);
  }

  private write(text: string) {
    if (this.closed || !this.controller) return;
    if ((this.controller.desiredSize ?? 0) < -MAX_UNREAD_EVENTS) return this.close();
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch {
      this.close();
    }
  }
}
