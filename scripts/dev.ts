/**
 * `npm run dev`: one command from a fresh clone to a running Trainyard.
 * Finds or starts PostgreSQL and Redis, migrates, seeds an empty database,
 * then runs the Next.js dev server and the worker together. Ctrl-C stops
 * everything this command started, children first, then the services.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { applyMigrations, ensureDatabase } from "../lib/migrations";
import {
  devAuthSecret,
  loadDotenv,
  MissingServiceError,
  resolvePostgres,
  resolveRedis,
  stopChild,
  withDatabase,
  type TStarted,
} from "./lib/services";

const log = (m: string) => console.log(`\x1b[36m[dev]\x1b[0m ${m}`);
const started: TStarted[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await Promise.all(children.map((c) => stopChild(c, "SIGTERM", 15_000, { group: true })));
  for (const s of started.reverse()) {
    await s.stop().catch((e: unknown) => log(`could not stop ${s.name}: ${String(e)}`));
    log(`stopped ${s.name}`);
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function run(name: string, color: number, command: string, args: string[], env: NodeJS.ProcessEnv) {
  // Own process group, so stopping reaches the whole tree (tsx watch → node, next → its workers).
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = `\x1b[${color}m[${name}]\x1b[0m `;
  const pipe = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  pipe(child.stdout!, process.stdout);
  pipe(child.stderr!, process.stderr);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping the rest`);
    void stopAll(code ?? 1);
  });
  children.push(child);
}

async function main() {
  loadDotenv();
  // Redis first: it is the one service npm cannot provide, so a missing one is said in one line before anything starts.
  const redis = await resolveRedis(log);
  if (redis.started) started.push(redis.started);
  const pgInfo = await resolvePostgres(log);
  if (pgInfo.started) started.push(pgInfo.started);

  const databaseUrl = process.env.DATABASE_URL ?? withDatabase(pgInfo.serverUrl, "trainyard");
  if (await ensureDatabase(databaseUrl)) log("created database trainyard");
  const { applied } = await applyMigrations({ connectionString: databaseUrl, log });
  log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: await devAuthSecret(),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);

  if (!existsSync("lib/generated/prisma/client.ts")) {
    throw new Error("The Prisma client is not generated: run `npx prisma generate` (npm install does it for you).");
  }
  const { seedIfEmpty } = await import("../prisma/seed");
  const { disconnectPrisma } = await import("../lib/db");
  await seedIfEmpty(log);
  await disconnectPrisma();

  const port = process.env.PORT ?? "3000";
  run("web", 35, "node_modules/.bin/next", ["dev", "--port", port], env);
  run("worker", 33, "node_modules/.bin/tsx", ["watch", "--clear-screen=false", "worker/main.ts"], env);
  log(`Trainyard is starting on http://localhost:${port}  (Ctrl-C to stop)`);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof MissingServiceError ? error.message : error);
  // A missing service is found before anything starts: its one line is all there is to say.
  if (error instanceof MissingServiceError && started.length === 0 && children.length === 0) process.exit(1);
  await stopAll(1);
});
