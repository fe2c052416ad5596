import { Prisma } from "../generated/prisma/client";

/**
 * The ranking order of a board, defined once: the best key first (an ascending sort key is always best-first, see
 * sortKeyOf), then the earlier submission, then the run id, so that ties never depend on a query plan. Every ORDER BY,
 * window and row comparison that ranks runs or entries is built here, so a board's rows, a user's rank, each user's
 * best entry and a board's leader cannot disagree. The private side ranks by `privateSortKey`, which is null for runs
 * without a private score: those go last.
 */
type TRankKey = "sortKey" | "privateSortKey";
const TIE_BREAKERS = ["submittedAt", "runId"] as const;

const prefix = (alias: string | undefined) => {
  if (alias === undefined) return "";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
  return `${alias}.`;
};

/** `a."sortKey", a."submittedAt", a."runId"`: an ORDER BY list (inside OVER too) in ranking order, best first. */
export function rankOrder(alias?: string, key: TRankKey = "sortKey"): Prisma.Sql {
  const p = prefix(alias);
  const nulls = key === "privateSortKey" ? " NULLS LAST" : "";
  return Prisma.raw([`${p}"${key}"${nulls}`, ...TIE_BREAKERS.map((c) => `${p}"${c}"`)].join(", "));
}

/** `(a."sortKey", a."submittedAt", a."runId")`: a row value; `rankTuple("o") < rankTuple("e")` means o ranks before e. */
export function rankTuple(alias?: string, key: TRankKey = "sortKey"): Prisma.Sql {
  const p = prefix(alias);
  return Prisma.raw(`(${[key, ...TIE_BREAKERS].map((c) => `${p}"${c}"`).join(", ")})`);
}

/** The same order for Prisma's query API (`findMany({ orderBy })`), on the public key. */
export function rankOrderBy(): { sortKey?: "asc"; submittedAt?: "asc"; runId?: "asc" }[] {
  return [{ sortKey: "asc" }, ...TIE_BREAKERS.map((c) => ({ [c]: "asc" as const }))];
}
