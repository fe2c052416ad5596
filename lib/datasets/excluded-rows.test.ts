import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { datasetShapeInfo } from "../configs/dataset-info";
import { ZConfigSpec } from "../configs/spec";
import { getPrisma } from "../db";
import { createDatasetFrom, sampleBytes } from "../factories/datasets";
import { createUser } from "../factories/users";
import { prepareTabular } from "../runs/preprocess";
import { getBlobStore } from "../storage";
import type { TCsvFormat } from "./csv";
import { DatasetInputError } from "./errors";
import type { TTabularProfile } from "./ingest";
import { previewRows } from "./preview";
import { tableWithoutPrivateHalf } from "./public-copy";
import { getSplitAssignments, getVersion } from "./queries";
import { SPLIT, splitRows, countSplit, EXCLUDED_STRATUM } from "./split";

/**
 * 60 rows predicting "price"; 12 have no price ("", "NA", spaces). Record 20 holds a quoted newline, so the file
 * lines of the rows after it are one more than their record numbers plus one.
 */
const EMPTY_RECORDS = new Set([8, 13, 17, 29, 31, 35, 38, 41, 44, 50, 55, 59]);
function priceCsv() {
  const lines = ["size,colour,note,price"];
  for (let r = 1; r <= 60; r++) {
    const note = r === 20 ? '"two\nlines"' : `n${r}`;
    const price = EMPTY_RECORDS.has(r) ? (r === 13 ? "NA" : r === 29 ? "  " : "") : String(10 + r * 2.5);
    lines.push(`${r},${r % 3 === 0 ? "red" : "blue"},${note},${price}`);
  }
  return `${lines.join("\n")}\n`;
}
/** File line of each record: the header is line 1, and record 20 takes two lines. */
const lineOf = (record: number) => record + 1 + (record > 20 ? 1 : 0);

async function rejected(csv: string, meta: Parameters<typeof createDatasetFrom>[1]) {
  const owner = await createUser();
  const error = await createDatasetFrom(csv, meta, owner).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetInputError);
  expect(await getPrisma().dataset.count({ where: { ownerId: owner.id } })).toBe(0);
  return error as DatasetInputError;
}

describe("rows with an empty target are kept, in no split, with a notice", () => {
  it("stores them as EXCLUDED, records the count and the first lines, and training data skips them", async () => {
    const owner = await createUser();
    const { dataset, version } = await createDatasetFrom(
      priceCsv(),
      { taskType: "REGRESSION", targetColumn: "price" },
      owner,
    );
    const v = (await getVersion(dataset.id, version.number))!;
    expect(v.rowCount).toBe(60);
    expect(v.excludedRowCount).toBe(12);
    const firstTen = [...EMPTY_RECORDS].slice(0, 10);
    expect(v.excludedLines).toEqual(firstTen.map(lineOf));
    expect(v.excludedLines.slice(0, 3)).toEqual([9, 14, 18]);

    const split = await getSplitAssignments(v.id);
    const excludedRows = [...split.keys()].filter((i) => split[i] === SPLIT.EXCLUDED);
    expect(excludedRows.map((i) => i + 1)).toEqual([...EMPTY_RECORDS]);
    const counts = v.splitCounts as ReturnType<typeof countSplit>;
    expect(counts).toEqual(countSplit(split));
    expect(counts.excluded).toBe(12);
    expect(counts.train + counts.validation + counts.testPublic + counts.testPrivate).toBe(48);

    // The profile counts them as rows (they are public data) with a missing target.
    const profile = v.profile as TTabularProfile;
    expect(profile.rowCount).toBe(60 - counts.testPrivate);
    expect(profile.columns.find((c) => c.name === "price")!.missing).toBe(12);

    // Not private: a viewer kept from the private half still sees every excluded row, in previews and downloads.
    const shown: number[] = [];
    for (let page = 1; ; page++) {
      const p = await previewRows(v, page, { hidePrivate: true, pageSize: 25 });
      shown.push(...p.rows.filter((r) => r.split === SPLIT.EXCLUDED).map((r) => r.index));
      expect(p.rows.some((r) => r.split === SPLIT.TEST_PRIVATE)).toBe(false);
      if (page >= p.pageCount) break;
    }
    expect(shown).toEqual(excludedRows);
    const filePath = await getBlobStore().localPath(v.sha256);
    const chunks: Buffer[] = [];
    for await (const chunk of tableWithoutPrivateHalf(filePath, v.format as TCsvFormat, split)) chunks.push(chunk);
    const downloaded = Buffer.concat(chunks).toString();
    const records = parseCsv(downloaded, { columns: true }) as { size: string }[];
    expect(records).toHaveLength(60 - counts.testPrivate);
    const sizes = new Set(records.map((r) => Number(r.size)));
    for (const r of EMPTY_RECORDS) expect(sizes.has(r)).toBe(true);

    // Training data: the rows without a price are neither fitted, trained nor scored on.
    const shape = (await datasetShapeInfo(v.id, owner))!;
    const spec = ZConfigSpec.parse({
      specVersion: 1,
      preprocessing: { targetScaling: "none" }, // raw prices in y: this test is about which rows are kept
      model: { layers: [{ type: "dense", units: 1, activation: "linear" }] },
      training: { optimizer: { type: "adam", learningRate: 0.05 }, epochs: 1, batchSize: 8 },
    });
    const prepared = await prepareTabular({
      filePath,
      format: v.format as TCsvFormat,
      spec,
      dataset: shape,
      splits: split,
    });
    expect(prepared.rowCount).toBe(48);
    expect([...prepared.splits].includes(SPLIT.EXCLUDED)).toBe(false);
    expect(countSplit(prepared.splits)).toEqual({ ...counts, excluded: 0 });
    expect(prepared.y.every(Number.isFinite)).toBe(true);
    // The kept targets are exactly the prices present, in row order.
    const prices = [...Array(60).keys()].filter((i) => !EMPTY_RECORDS.has(i + 1)).map((i) => 10 + (i + 1) * 2.5);
    expect([...prepared.y]).toEqual(prices);
  });

  it("classification: the classes and the stratified split come from the labelled rows", async () => {
    const lines = sampleBytes("iris").toString().trim().split("\n");
    const blanked = new Set([5, 60, 61, 140]); // records
    const csv = lines.map((l, r) => (blanked.has(r) ? l.replace(/,[a-z]+$/, ",") : l)).join("\n");
    const { dataset } = await createDatasetFrom(csv, { targetColumn: "species" });
    const v = (await getVersion(dataset.id, 1))!;
    expect(v.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(v.excludedRowCount).toBe(4);
    expect(v.excludedLines).toEqual([6, 61, 62, 141]);
    const split = await getSplitAssignments(v.id);
    expect([...blanked].map((r) => split[r - 1])).toEqual([4, 4, 4, 4].map(() => SPLIT.EXCLUDED));
    expect((v.splitCounts as ReturnType<typeof countSplit>).excluded).toBe(4);
  });

  it("keeps at most ten line numbers and says there are more", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i < 14 ? "" : i % 2 ? "x" : "y"}`);
    const { dataset } = await createDatasetFrom(`a,label\n${rows.join("\n")}\n`);
    const v = (await getVersion(dataset.id, 1))!;
    expect(v.excludedRowCount).toBe(14);
    expect(v.excludedLines).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("a file without gaps excludes nothing", async () => {
    const { dataset } = await createDatasetFrom(sampleBytes("iris"), { targetColumn: "species" });
    const v = (await getVersion(dataset.id, 1))!;
    expect(v.excludedRowCount).toBe(0);
    expect(v.excludedLines).toEqual([]);
    expect((v.splitCounts as ReturnType<typeof countSplit>).excluded).toBe(0);
  });
});

describe("refused when too little is left", () => {
  it("every target empty", async () => {
    const error = await rejected("a,label\n1,\n2, \n3,NA\n", {});
    expect(error.key).toBe("target.allEmpty");
    expect(error.values).toEqual({ column: "label", rows: 3 });
  });

  it("fewer labelled rows than the split needs", async () => {
    const error = await rejected("a,price\n1,\n2,5\n3,\n4,7\n", { taskType: "REGRESSION", targetColumn: "price" });
    expect(error.key).toBe("target.tooFewLabelled");
    expect(error.values).toEqual({ column: "price", labelled: 2, excluded: 2 });
  });
});

describe("splitRows", () => {
  it("assigns EXCLUDED to excluded strata and splits the rest as before", () => {
    const strata = Int32Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? EXCLUDED_STRATUM : i % 2));
    const split = splitRows(strata, 7);
    strata.forEach((s, i) => expect(split[i] === SPLIT.EXCLUDED).toBe(s === EXCLUDED_STRATUM));
    const kept = Int32Array.from(strata.filter((s) => s !== EXCLUDED_STRATUM));
    expect(countSplit(split)).toEqual({ ...countSplit(splitRows(kept, 7)), excluded: 10 });
  });
});
