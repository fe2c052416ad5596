import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { createConfigFrom } from "./factories/configs";
import { createSampleDataset } from "./factories/datasets";
import { createUser } from "./factories/users";
import { getConfig, getRevision, listConfigs } from "./configs/queries";
import { datasetShapeInfo } from "./configs/dataset-info";
import { getVersion, getDataset, listDatasets } from "./datasets/queries";
import { ZDatasetListQuery } from "./datasets/schemas";
import { ZConfigListQuery } from "./configs/schemas";
import { ZCompareQuery } from "./leaderboards/schemas";
import { getBoardContext, listBoards } from "./leaderboards/queries";
import { decodeCursor } from "./pagination";
import { getRun, listRuns } from "./runs/queries";
import { getUserByHandle } from "./users/queries";
import { errorResponse } from "./http";

// Values from URLs that crashed pages and route handlers with 500s under e2e/fuzz.spec.ts: a NUL byte
// (PostgreSQL refuses it in any text parameter), repeated query parameters (arrays), and numbers no row can have.
const NUL = "a\u0000b";

describe("lookups by URL values", () => {
  it("a NUL byte in a handle, slug or id finds nothing instead of failing the query", async () => {
    const owner = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    const { config } = await createConfigFrom("mlp", {}, owner);
    expect(await getDataset(NUL, dataset.slug, null)).toBeNull();
    expect(await getDataset(owner.handle, NUL, null)).toBeNull();
    expect(await getConfig(owner.handle, NUL, null)).toBeNull();
    expect(await getRun(NUL, null)).toBeNull();
    expect(await getUserByHandle(NUL)).toBeNull();
    expect(await getBoardContext({ owner: owner.handle, slug: NUL }, null)).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify([new Date().toISOString(), NUL])).toString("base64url"))).toBeNull();
    // The real ones still resolve.
    expect((await getDataset(owner.handle, dataset.slug, null))?.id).toBe(dataset.id);
    expect((await getConfig(owner.handle, config.slug, null))?.id).toBe(config.id);
  });

  it("a revision number no revision can have (NaN, fractions, past int4) is none, not a query error", async () => {
    const { config } = await createConfigFrom();
    for (const n of [Number.NaN, 1.5, 1e10, Number.POSITIVE_INFINITY, -1, 0])
      expect(await getRevision(config.id, n), String(n)).toBeNull();
    expect((await getRevision(config.id, 1))?.number).toBe(1);
  });

  it("a version number past int4 (`/versions/99999999999/download`) is none", async () => {
    const { dataset } = await createSampleDataset("iris");
    for (const n of [1e10, 1e40, 1.5]) expect(await getVersion(dataset.id, n), String(n)).toBeNull();
    expect((await getVersion(dataset.id, 1))?.number).toBe(1);
  });

  it("search filters with a NUL byte are dropped, not sent to PostgreSQL", async () => {
    const query = ZDatasetListQuery.parse({ q: NUL, tag: NUL });
    expect(query).toMatchObject({ q: undefined, tag: undefined });
    await expect(listDatasets({ q: NUL, tag: NUL }, null)).resolves.toMatchObject({ page: 1 });
    expect(ZConfigListQuery.parse({ q: NUL, layer: NUL, author: NUL })).toMatchObject({
      q: undefined,
      layer: undefined,
      author: undefined,
    });
    await expect(listConfigs({ q: NUL, author: NUL }, null)).resolves.toBeDefined();
    expect(ZCompareQuery.parse({ run: ["a", NUL, "b"] }).run).toEqual(["a", "b"]);
  });

  it("`?dataset=a&dataset=b` (an array) or a NUL is no dataset version", async () => {
    expect(await datasetShapeInfo(["a", "b"] as unknown as string, null)).toBeNull();
    expect(await datasetShapeInfo(NUL, null)).toBeNull();
  });

  it("the leaderboards index takes `?page=Infinity` without an OFFSET error", async () => {
    for (const page of [Number.POSITIVE_INFINITY, 1e40]) expect((await listBoards({ page })).page).toBe(10_000);
  });

  it("the runs list takes `?page=1e40` and `?user=a&user=b` without an OFFSET or type error", async () => {
    const result = await listRuns({ page: 1e40, userHandle: ["a", "b"] as unknown as string }, null);
    expect(result.page).toBe(10_000);
    expect(result.items).toEqual([]);
  });
});

describe("the error mapper", () => {
  it("answers a text value PostgreSQL refuses (a NUL byte in a body) with 422, not 500", async () => {
    const { getPrisma } = await import("./db");
    const error = await getPrisma()
      .user.findFirst({ where: { name: NUL } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    const response = errorResponse(error);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: "INVALID_INPUT", fields: { form: "invalid" } } });
  });
});
