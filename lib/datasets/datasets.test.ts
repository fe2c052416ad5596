import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import {
  createDatasetFrom,
  createSampleDataset,
  imageZip,
  sampleBytes,
  stageBytes,
  solidPng,
} from "../factories/datasets";
import { createUser } from "../factories/users";
import { makeZip } from "../factories/zip";
import { loadEnv } from "../env";
import { DatasetInputError } from "./errors";
import { addDatasetVersion } from "./mutations";
import { getSplitAssignments, getVersion, listDatasets } from "./queries";
import type { TTabularProfile } from "./ingest";
import { SPLIT } from "./split";
import { parse as parseCsv } from "csv-parse/sync";

async function storedBlobs(): Promise<string[]> {
  const root = path.join(path.resolve(loadEnv().DATA_DIR), "blobs");
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(e.name);
    }
  };
  await walk(root);
  return out;
}

async function stagingFiles(): Promise<string[]> {
  return (await readdir(path.join(path.resolve(loadEnv().DATA_DIR), "tmp")).catch(() => [])).filter((f) =>
    f.endsWith(".part"),
  );
}

/** Uploads `bytes` expecting a DatasetInputError; checks nothing was stored. */
async function expectRejected(bytes: Buffer | string, key: string, meta: Parameters<typeof createDatasetFrom>[1] = {}) {
  const owner = await createUser();
  const blobsBefore = await storedBlobs();
  const error = await createDatasetFrom(bytes, meta, owner).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${key}`).toBeInstanceOf(DatasetInputError);
  expect((error as DatasetInputError).key).toBe(key);
  expect(await getPrisma().dataset.count({ where: { ownerId: owner.id } })).toBe(0);
  expect(await storedBlobs()).toEqual(blobsBefore);
  expect(await stagingFiles()).toEqual([]);
  return (error as DatasetInputError).values;
}

describe("tabular upload", () => {
  it("ingests penguins: schema with missing values, classes, stratified split and an inline profile", async () => {
    const { dataset, version } = await createSampleDataset("penguins");
    const v = (await getVersion(dataset.id, version.number))!;
    expect(v.rowCount).toBe(344);
    expect(v.columnCount).toBe(7);
    expect(v.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    const schema = v.schema as { name: string; type: string; missing: number }[];
    expect(schema.find((c) => c.name === "species")).toMatchObject({ type: "categorical", missing: 0 });
    expect(schema.find((c) => c.name === "bill_length_mm")).toMatchObject({ type: "numeric", missing: 2 });
    expect(schema.find((c) => c.name === "sex")?.type).toBe("categorical");
    expect(schema.find((c) => c.name === "sex")?.missing).toBeGreaterThan(0);

    const counts = v.splitCounts as { train: number; validation: number; testPublic: number; testPrivate: number };
    expect(counts.train + counts.validation + counts.testPublic + counts.testPrivate).toBe(344);
    expect(counts.train).toBeGreaterThanOrEqual(238);
    expect(counts.train).toBeLessThanOrEqual(244);
    expect(Math.abs(counts.testPublic - counts.testPrivate)).toBeLessThanOrEqual(3);

    // The profile is public, so it is computed without the private test half (lib/permissions/hidden-half.ts):
    // the expected figures come from the file itself, over the rows of the other splits.
    expect(v.profileStatus).toBe("DONE");
    const split = await getSplitAssignments(v.id);
    const rows = (parseCsv(sampleBytes("penguins"), { columns: true }) as Record<string, string>[]).filter(
      (_, i) => split[i] !== SPLIT.TEST_PRIVATE,
    );
    const bills = rows
      .map((r) => r.bill_length_mm!)
      .filter((x) => x !== "" && x !== "NA")
      .map(Number);
    const profile = v.profile as TTabularProfile;
    expect(profile.rowCount).toBe(344 - counts.testPrivate);
    const bill = profile.columns.find((c) => c.name === "bill_length_mm")!;
    expect(bill.numeric!.min).toBe(Math.min(...bills));
    expect(bill.numeric!.max).toBe(Math.max(...bills));
    expect(bill.numeric!.mean).toBeCloseTo(bills.reduce((a, b) => a + b, 0) / bills.length, 6);
    expect(bill.numeric!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(bills.length);
    const balance = new Map<string, number>();
    for (const r of rows) balance.set(r.species!, (balance.get(r.species!) ?? 0) + 1);
    expect(profile.target.classBalance).toEqual(
      [...balance].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count),
    );
  });

  it("splits the same file the same way every time, stratified by class", async () => {
    const a = await createSampleDataset("iris");
    const b = await createSampleDataset("iris");
    const sa = await getSplitAssignments(a.version.id);
    const sb = await getSplitAssignments(b.version.id);
    expect(Buffer.from(sa).equals(Buffer.from(sb))).toBe(true);
    // iris: 50 per class → 35 train, 8 validation, 7 test in each class
    const rows = sampleBytes("iris").toString().trim().split("\n").slice(1);
    const perClass = new Map<string, number[]>();
    rows.forEach((line, i) => {
      const label = line.split(",").at(-1)!;
      const c = perClass.get(label) ?? [0, 0, 0, 0];
      c[sa[i]!]!++;
      perClass.set(label, c);
    });
    for (const c of perClass.values()) expect(c).toEqual([35, 8, 4, 3]);
  });

  it("reads TSV, semicolons, BOM, CRLF and quoted fields with delimiters and newlines", async () => {
    const tsv = '\uFEFFname\tlabel\r\nalpha\tx\r\nbeta\ty\r\n"ga\tmma"\tx\r\n';
    const a = await createDatasetFrom(tsv, { fileName: "d.tsv" });
    expect((await getVersion(a.dataset.id, 1))!.schema).toEqual([
      expect.objectContaining({ name: "name" }),
      expect.objectContaining({ name: "label" }),
    ]);
    const semi = 'text;label\n"a; b";x\n"line one\nline two";y\nplain;x\n';
    const b = await createDatasetFrom(semi);
    expect((await getVersion(b.dataset.id, 1))!.rowCount).toBe(3);
    expect((await getVersion(b.dataset.id, 1))!.format).toMatchObject({ delimiter: ";" });
  });

  it("accepts a regression target and infers boolean and datetime columns", async () => {
    const csv = "when,flag,price\n2024-01-01,true,1.5\n2024-01-02,false,2\n2024-01-03,yes,3.25\n";
    const { dataset } = await createDatasetFrom(csv, { taskType: "REGRESSION", targetColumn: "price" });
    const v = (await getVersion(dataset.id, 1))!;
    expect((v.schema as { type: string }[]).map((c) => c.type)).toEqual(["datetime", "boolean", "numeric"]);
    expect(v.classes).toEqual([]);
  });
});

describe("bad tabular input: a specific message, nothing stored", () => {
  it("empty file", () => expectRejected("", "csv.empty"));
  it("whitespace only", () => expectRejected("\n\n  \n", "csv.empty"));
  it("header only", () => expectRejected("a,label\n", "csv.headerOnly"));
  it("no header row", () => expectRejected("1,2,3\n4,5,6\n", "csv.noHeader"));
  it("duplicate column names", async () => {
    expect(await expectRejected("a,b,A,label\n1,2,3,x\n", "csv.duplicateColumn")).toMatchObject({
      name: "A",
      column: 3,
      first: 1,
    });
  });
  it("empty column name", async () => {
    expect(await expectRejected("a,,label\n1,2,x\n", "csv.emptyColumnName")).toMatchObject({ column: 2 });
  });
  it("ragged rows, with the line number", async () => {
    const csv = "a,b,label\n1,2,x\n3,4,y\n5,6\n7,8,x\n";
    expect(await expectRejected(csv, "csv.ragged")).toEqual({ line: 4, fields: 2, expected: 3 });
  });
  it("non-UTF-8 bytes, with the line number", async () => {
    const bytes = Buffer.concat([
      Buffer.from("a,label\n1,x\n2,y\n"),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x78, 0x0a]),
    ]);
    expect(await expectRejected(bytes, "csv.notUtf8")).toEqual({ line: 4 });
  });
  it("binary garbage", () =>
    expectRejected(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0xff, 0x00]), "csv.binary"));
  it("unclosed quote", () => expectRejected('a,label\n"open,x\n1,y\n', "csv.unclosedQuote"));
  it("a target column that does not exist", async () => {
    expect(await expectRejected("a,b\n1,2\n", "target.missing", { targetColumn: "label" })).toMatchObject({
      column: "label",
      columns: "a, b",
    });
  });
  it("a classification target with one class", () => expectRejected("a,label\n1,x\n2,x\n", "target.oneClass"));
  it("a classification target with more than 1,000 classes", async () => {
    const rows = Array.from({ length: 1002 }, (_, i) => `${i},c${i}`).join("\n");
    expect(await expectRejected(`a,label\n${rows}\n`, "target.tooManyClasses")).toMatchObject({
      max: 1000,
      line: 1002,
    });
  });
  it("a regression target that is not numeric", async () => {
    expect(
      await expectRejected("a,price\n1,2.5\n2,cheap\n", "target.notNumeric", {
        taskType: "REGRESSION",
        targetColumn: "price",
      }),
    ).toMatchObject({ line: 3, value: "cheap" });
  });
  // An empty target cell is no longer refused: the row is kept in no split (excluded-rows.test.ts).
  it("every target cell empty", () => expectRejected("a,label\n1,\n2,\n3,\n", "target.allEmpty"));
  it("invalid metadata is a field error, with nothing stored", async () => {
    const owner = await createUser();
    const error = await createDatasetFrom(
      sampleBytes("iris"),
      { title: "x", license: "NOT-A-LICENSE", targetColumn: "species" },
      owner,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toMatchObject({ title: "title.tooShort", license: "license.unknown" });
    expect(await stagingFiles()).toEqual([]);
  });
});

describe("image upload", () => {
  it("decodes, resizes and packs one folder per class, with a stratified split", async () => {
    const zip = await imageZip({ cats: [200, 0, 0], dogs: [0, 0, 200] }, 10);
    const { dataset } = await createDatasetFrom(zip, {
      kind: "IMAGE",
      targetColumn: "",
      fileName: "pets.zip",
      imageSize: 28,
      imageChannels: 3,
    });
    const v = (await getVersion(dataset.id, 1))!;
    expect(v.rowCount).toBe(20);
    expect(v.classes).toEqual(["cats", "dogs"]);
    expect(v.format).toEqual({ kind: "images", width: 28, height: 28, channels: 3 });
    expect(v.dataKey).toMatch(/^[0-9a-f]{64}$/);
    expect(v.profileStatus).toBe("DONE");
  });

  it("accepts a single wrapping folder", async () => {
    const entries = [];
    for (const label of ["a", "b"])
      for (let i = 0; i < 3; i++) entries.push({ name: `set/${label}/${i}.png`, data: await solidPng([i * 50, 0, 0]) });
    const { dataset } = await createDatasetFrom(makeZip(entries), { kind: "IMAGE", fileName: "set.zip" });
    expect((await getVersion(dataset.id, 1))!.classes).toEqual(["a", "b"]);
  });

  it("rejects path traversal", async () => {
    const zip = makeZip([
      { name: "a/1.png", data: await solidPng([0, 0, 0]) },
      { name: "../evil.png", data: await solidPng([0, 0, 0]) },
    ]);
    expect(await expectRejected(zip, "zip.pathTraversal", { kind: "IMAGE", fileName: "x.zip" })).toEqual({
      name: "../evil.png",
    });
  });

  it("rejects a zip bomb by its compression ratio", async () => {
    const zip = makeZip([
      { name: "a/bomb.png", data: Buffer.alloc(30 * 1024 * 1024), deflate: true },
      { name: "b/1.png", data: await solidPng([1, 1, 1]) },
    ]);
    await expectRejected(zip, "zip.fileTooLarge", { kind: "IMAGE", fileName: "x.zip" });
    const smaller = makeZip([
      { name: "a/bomb.png", data: Buffer.alloc(10 * 1024 * 1024), deflate: true },
      { name: "b/1.png", data: await solidPng([1, 1, 1]) },
    ]);
    await expectRejected(smaller, "zip.bomb", { kind: "IMAGE", fileName: "x.zip" });
  });

  it("rejects an entry that inflates beyond what it declares", async () => {
    const lying = makeZip([
      { name: "a/1.png", data: Buffer.alloc(5 * 1024 * 1024, 7), deflate: true, declaredSize: 100 },
      { name: "b/1.png", data: await solidPng([1, 1, 1]) },
    ]);
    const key = await createDatasetFrom(lying, { kind: "IMAGE", fileName: "x.zip" }).catch(
      (e: DatasetInputError) => e.key,
    );
    expect(["zip.invalid", "zip.bomb", "zip.badImage"]).toContain(key);
  });

  it("rejects images that fail to decode, naming the file", async () => {
    const zip = makeZip([
      { name: "a/1.png", data: await solidPng([0, 0, 0]) },
      { name: "b/broken.png", data: Buffer.from("not really a png") },
    ]);
    expect(await expectRejected(zip, "zip.badImage", { kind: "IMAGE", fileName: "x.zip" })).toEqual({
      name: "b/broken.png",
    });
  });

  it("rejects a class folder with no images", async () => {
    const zip = makeZip([
      { name: "a/1.png", data: await solidPng([0, 0, 0]) },
      { name: "b/1.png", data: await solidPng([9, 9, 9]) },
      { name: "empty/" },
    ]);
    expect(await expectRejected(zip, "zip.emptyClass", { kind: "IMAGE", fileName: "x.zip" })).toEqual({
      name: "empty",
    });
  });

  it("rejects files outside class folders and a zip that is not a zip", async () => {
    await expectRejected(makeZip([{ name: "loose.png", data: await solidPng([0, 0, 0]) }]), "zip.fileOutsideClass", {
      kind: "IMAGE",
      fileName: "x.zip",
    });
    await expectRejected("definitely not a zip", "zip.invalid", { kind: "IMAGE", fileName: "x.zip" });
  });
});

describe("versions", () => {
  it("adds immutable, numbered versions; concurrent uploads get distinct numbers", async () => {
    const owner = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    const uploads = await Promise.all([0, 1].map(() => stageBytes(sampleBytes("iris"))));
    const results = await Promise.all(
      uploads.map((staged, i) =>
        addDatasetVersion({
          actor: owner,
          datasetId: dataset.id,
          message: `v${i}`,
          upload: { staged, fileName: "iris.csv" },
        }),
      ),
    );
    expect(results.map((r) => r.version.number).sort()).toEqual([2, 3]);
    expect((await getPrisma().dataset.findUniqueOrThrow({ where: { id: dataset.id } })).versionCount).toBe(3);
  });

  it("only the owner adds versions", async () => {
    const { dataset } = await createSampleDataset("iris");
    const stranger = await createUser();
    const staged = await stageBytes(sampleBytes("iris"));
    const error = await addDatasetVersion({
      actor: stranger,
      datasetId: dataset.id,
      upload: { staged, fileName: "iris.csv" },
    }).catch((e: AppError) => e.code);
    expect(error).toBe("FORBIDDEN");
    expect(await stagingFiles()).toEqual([]);
  });
});

describe("browse and search", () => {
  it("finds by words in title, tags and description; filters by task and tag; hides private datasets", async () => {
    const owner = await createUser();
    const word = `zebra${Date.now().toString(36)}`;
    await createSampleDataset("iris", owner, { title: `Flowers ${word}`, tags: "botany, classic" });
    await createSampleDataset("mpg", owner, { title: "Cars", description: `Fuel economy of ${word} cars` });
    await createSampleDataset("penguins", owner, { title: `Secret ${word}`, visibility: "PRIVATE" });

    const anon = await listDatasets({ q: word }, null);
    expect(anon.items.map((d) => d.title).sort()).toEqual(["Cars", `Flowers ${word}`]);
    expect(anon.items[0]!.title).toBe(`Flowers ${word}`); // title outranks description
    expect((await listDatasets({ q: word, task: "REGRESSION" }, null)).items.map((d) => d.title)).toEqual(["Cars"]);
    expect((await listDatasets({ q: word, tag: "botany" }, null)).items).toHaveLength(1);
    expect((await listDatasets({ q: word }, owner)).total).toBe(3);
    expect((await listDatasets({ q: "花" }, null)).items).toEqual([]);
  });

  it("paginates", async () => {
    const owner = await createUser();
    const tag = `page${Date.now().toString(36)}`;
    for (let i = 0; i < 22; i++) await createDatasetFrom("a,label\n1,x\n2,y\n3,x\n4,y\n", { tags: tag }, owner);
    const p1 = await listDatasets({ tag }, null);
    const p2 = await listDatasets({ tag, page: 2 }, null);
    expect(p1.total).toBe(22);
    expect(p1.pageCount).toBe(2);
    expect(p1.items).toHaveLength(20);
    expect(p2.items).toHaveLength(2);
    expect(new Set([...p1.items, ...p2.items].map((d) => d.id)).size).toBe(22);
  });
});
