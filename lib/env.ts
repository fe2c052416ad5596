import { z } from "zod";

const RATE_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A rate limit written as "<points>/<window>" ("10/1h", "120/1m", "5/90s"). */
export const ZRate = z
  .string()
  .regex(/^\d+\/\d+[smhd]$/, 'must look like "10/1h": points per window (s, m, h or d)')
  .transform((value) => {
    const [points, window] = value.split("/") as [string, string];
    const unit = window.slice(-1) as keyof typeof RATE_UNIT_SECONDS;
    return { points: Number(points), seconds: Number(window.slice(0, -1)) * RATE_UNIT_SECONDS[unit] };
  })
  .refine((rate) => rate.points >= 1 && rate.seconds >= 1, "needs at least 1 point and a window of at least 1s");
export type TRate = z.output<typeof ZRate>;

/**
 * The one place that reads configuration. Parsed on first use and cached, so a
 * missing or malformed variable stops start-up with a message naming it
 * (web: instrumentation.ts, worker: worker/main.ts both call loadEnv() first).
 */
const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is required (e.g. postgresql://postgres@127.0.0.1:5432/trainyard)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    REDIS_URL: z
      .string({ error: "is required (e.g. redis://127.0.0.1:6379)" })
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"),
    AUTH_SECRET: z
      .string({ error: "is required: generate one with `openssl rand -base64 32`" })
      .min(32, "must be at least 32 characters: generate one with `openssl rand -base64 32`"),
    AUTH_URL: z.url("must be an absolute URL such as http://localhost:3000").optional(),
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    CONFIG_MAX_PARAMS: z.coerce.number().int().min(1).default(5_000_000),
    CONFIG_MAX_LAYERS: z.coerce.number().int().min(1).max(1000).default(50),
    CONFIG_MAX_EPOCHS: z.coerce.number().int().min(1).default(500),
    CONFIG_MAX_BATCH_SIZE: z.coerce.number().int().min(1).default(4096),
    RUN_MAX_QUEUED_PER_USER: z.coerce.number().int().min(1).default(5),
    RUN_MAX_RUNNING_PER_USER: z.coerce.number().int().min(1).default(2),
    /** How long a worker's job lock lasts without renewal; a dead worker's run is retried after it. */
    WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    RUN_MAX_WALL_SECONDS: z.coerce.number().int().min(10).default(3600),
    /** Training memory of one worker process, shared by its concurrent runs (each reserves its estimate; one larger than the whole fails at once, "model too large"); default: half the machine's memory. */
    WORKER_MAX_TRAINING_BYTES: z.coerce.number().int().min(1000).optional(),
    /** How often the worker re-enqueues runs that lost their job (Redis down at submit, Redis restarted empty). */
    WORKER_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).default(60_000),
    /** A run younger than this is left alone by the reconciler: its job may still be on its way to Redis. */
    RUN_RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
    DATASET_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024, "must be at least 1024 bytes")
      .default(200 * 1024 * 1024),
    /** CSV shape limits, checked while streaming before any per-column state exists (docs/SECURITY.md). */
    DATASET_MAX_COLUMNS: z.coerce.number().int().min(2).default(1000),
    DATASET_MAX_RECORD_BYTES: z.coerce
      .number()
      .int()
      .min(1024, "must be at least 1024 bytes")
      .default(1024 * 1024),
    /** Image zips: files in the archive and their total unpacked size (read from the central directory). */
    DATASET_ZIP_MAX_FILES: z.coerce.number().int().min(1).default(100_000),
    DATASET_ZIP_MAX_UNPACKED_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 ** 3),
    /** Stored dataset bytes per user (originals plus packed image data, each blob once); 0 turns the quota off. */
    USER_STORAGE_QUOTA_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(1024 ** 3),
    /** Largest JSON request body a route reads; a larger one is a 413 before it is read. */
    REQUEST_JSON_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024, "must be at least 1024 bytes")
      .default(1024 * 1024),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, "may contain letters, digits, '-' and '_' only")
      .default("trainyard"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    /** Runs one worker process trains at once (default: 1 per GPU or native CPU backend, 1 per core for wasm/cpu). */
    WORKER_TRAINING_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    TFJS_BACKEND: z.enum(["tensorflow-gpu", "tensorflow", "wasm", "cpu"]).optional(),
    /** Memory for rendered leaderboard pages served to signed-out visitors until their data changes (lib/page-cache/cache.ts); 0 turns the cache off. */
    PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
    /** Concurrent live-progress streams (SSE) per client IP, per signed-in user and per web process; over a cap: 429. */
    LIVE_STREAMS_PER_IP: z.coerce.number().int().min(1).default(20),
    LIVE_STREAMS_PER_USER: z.coerce.number().int().min(1).default(10),
    LIVE_STREAMS_MAX: z.coerce.number().int().min(1).default(5000),
    /** Reverse proxies in front of the app (0: none): how many X-Forwarded-For entries, from the right, to trust. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Abuse limits (lib/limits, docs/SECURITY.md): "<points>/<window>", window in s, m, h or d, e.g. "10/1h". */
    RATE_LIMIT_SIGNUP: ZRate.prefault("10/1h"),
    RATE_LIMIT_RUN_SUBMIT: ZRate.prefault("60/1h"),
    RATE_LIMIT_API_WRITE: ZRate.prefault("120/1m"),
    RATE_LIMIT_UPLOAD: ZRate.prefault("20/1h"),
    RATE_LIMIT_SSE: ZRate.prefault("120/1m"),
    /** Sign-in attempts per account (email) and per IP before each further one must wait (backoff, below). */
    RATE_LIMIT_SIGNIN_ACCOUNT: ZRate.prefault("5/1h"),
    RATE_LIMIT_SIGNIN_IP: ZRate.prefault("50/1h"),
    /** The first wait after the free attempts; each further one doubles, up to the maximum. */
    SIGNIN_BACKOFF_SECONDS: z.coerce.number().int().min(1).default(60),
    SIGNIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).default(3600),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** E-mail digests of unread notifications (lib/email): off unless set; user and password go in the URL. */
    SMTP_URL: z
      .string()
      .refine(
        (value) => /^smtps?:$/.test(URL.parse(value)?.protocol ?? "") && Boolean(URL.parse(value)?.hostname),
        "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587",
      )
      .optional(),
    EMAIL_FROM: z.string().min(3).default("Trainyard <no-reply@localhost>"),
    /** Unread notifications untouched this long go out in a digest (0: at the worker's next sweep). */
    EMAIL_DIGEST_DELAY_MINUTES: z.coerce.number().int().min(0).default(10),
    /** Handles (comma-separated) whose accounts are admins whatever their stored role: how a self-hosted site gets its first admin. */
    ADMIN_HANDLES: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
  })
  .refine((env) => Boolean(env.AUTH_GITHUB_ID) === Boolean(env.AUTH_GITHUB_SECRET), {
    path: ["AUTH_GITHUB_SECRET"],
    message: "AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together (or both left out)",
  });

export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

/** Validates a given environment; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
  }
  return result.data;
}

let cached: TEnv | undefined;

export function loadEnv(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Whether GitHub sign-in is configured (both variables set; loadEnv() rejects one without the other). */
export const githubAuthEnabled = (source: Record<string, string | undefined> = process.env) =>
  Boolean(source.AUTH_GITHUB_ID && source.AUTH_GITHUB_SECRET);

/** The site's public origin for links that leave it (e-mail): AUTH_URL's, else the dev server's. */
export const publicOrigin = () => new URL(loadEnv().AUTH_URL ?? "http://localhost:3000").origin;

/**
 * Whether the site's public URL (AUTH_URL, or next-auth's older NEXTAUTH_URL) is https: session cookies are then
 * `Secure` whatever the request says (a TLS proxy that forgets X-Forwarded-Proto must not downgrade them).
 */
export const publicUrlIsHttps = (source: Record<string, string | undefined> = process.env) =>
  /^https:\/\//i.test(source.AUTH_URL || source.NEXTAUTH_URL || "");
