import { Prisma } from "./generated/prisma/client";

/**
 * Whether an error means "PostgreSQL cannot be reached right now" (down, restarting, refusing connections,
 * connection cut), as opposed to a bad query: routes answer those with 503 UNAVAILABLE, a state that passes,
 * instead of a 500. Decided by error codes only (Prisma's, the pg driver adapter's, PostgreSQL's SQLSTATE and
 * the socket's), never by message text.
 */
const PRISMA_CODES = new Set([
  "P1001", // can't reach database server
  "P1002", // database server timed out
  "P1008", // operation timed out
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash, cannot connect now), and 53300 (too many connections). */
const isUnavailableSqlState = (code: unknown) =>
  typeof code === "string" && (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-4]$/.test(code) || code === "53300");

type TCause = { kind?: unknown; code?: unknown; originalCode?: unknown; cause?: unknown };

function causeIsUnavailable(cause: unknown, depth = 0): boolean {
  if (!cause || typeof cause !== "object" || depth > 4) return false;
  const c = cause as TCause;
  if (typeof c.kind === "string" && ADAPTER_KINDS.has(c.kind)) return true;
  if (c.kind === "postgres" && isUnavailableSqlState(c.code)) return true;
  if (typeof c.code === "string" && (SOCKET_CODES.has(c.code) || isUnavailableSqlState(c.code))) return true;
  if (isUnavailableSqlState(c.originalCode)) return true;
  return causeIsUnavailable(c.cause, depth + 1);
}

/**
 * Whether PostgreSQL refused a text value itself: a NUL byte (22021, "invalid byte sequence") or a character the
 * database encoding lacks (22P05). The input's fault, so a 422, wherever a query carried it.
 */
export function isInvalidText(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } | undefined)
    ?.driverAdapterError?.cause;
  return cause?.kind === "postgres" && (cause.code === "22021" || cause.code === "22P05");
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (PRISMA_CODES.has(error.code)) return true;
    const adapterError = (error.meta as { driverAdapterError?: { cause?: unknown } } | undefined)?.driverAdapterError;
    return causeIsUnavailable(adapterError?.cause);
  }
  // The driver adapter's own error (thrown as is inside some transactions), or a pg / socket error from a raw client.
  if (error instanceof Error && error.name === "DriverAdapterError") return causeIsUnavailable((error as TCause).cause);
  return causeIsUnavailable(error);
}
