import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import yauzl from "yauzl";
import { describe, expect, it } from "vitest";
import { createSampleDataset, imageZip, sampleBytes } from "../factories/datasets";
import { createUser } from "../factories/users";
import { ingestImageZip } from "./images";
import { previewRows } from "./preview";
import { imagesWithoutPrivateHalf, storedZip, tableWithoutPrivateHalf } from "./public-copy";
import { getSplitAssignments, getVersion } from "./queries";
import { SPLIT } from "./split";

const collect = async (chunks: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
};

describe("rows of the hidden private half", () => {
  it("are left out of a preview for viewers who may not see them, page by page", async () => {
    const owner = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    const version = (await getVersion(dataset.id, 1))!;
    const assignments = await getSplitAssignments(version.id);
    const privateRows = assignments.filter((s) => s === SPLIT.TEST_PRIVATE).length;
    expect(privateRows).toBeGreaterThan(5);

    const seen: number[] = [];
    const first = await previewRows(version, 1, { hidePrivate: true, pageSize: 40 });
    expect(first.pageCount).toBe(Math.ceil((version.rowCount - privateRows) / 40));
    for (let page = 1; page <= first.pageCount; page++) {
      const p = await previewRows(version, page, { hidePrivate: true, pageSize: 40 });
      seen.push(...p.rows.map((r) => r.index));
      expect(p.rows.every((r) => r.split !== SPLIT.TEST_PRIVATE)).toBe(true);
    }
    expect(seen).toEqual([...assignments.keys()].filter((i) => assignments[i] !== SPLIT.TEST_PRIVATE));
    // The owner's view still has every row.
    const all = await previewRows(version, 1, { hidePrivate: false, pageSize: 200 });
    expect(all.rows.filter((r) => r.split === SPLIT.TEST_PRIVATE)).toHaveLength(privateRows);
  });

  it("are left out of the table download: same header, every other row in order, quoting intact", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ty-half-"));
    const file = path.join(dir, "t.csv");
    writeFileSync(
      file,
      '\ufeffname,"note, with comma",label\r\na,"x ""quoted""\r\nline",cat\r\n\r\nb,plain,dog\r\nc, padded ,cat\r\nd,last,dog',
    );
    const assignments = Uint8Array.from([SPLIT.TRAIN, SPLIT.TEST_PRIVATE, SPLIT.TEST_PUBLIC, SPLIT.TEST_PRIVATE]);
    const out = await collect(tableWithoutPrivateHalf(file, { delimiter: ",", bom: true }, assignments));
    expect(parse(out)).toEqual([
      ["name", "note, with comma", "label"],
      ["a", 'x "quoted"\r\nline', "cat"],
      ["c", " padded ", "cat"],
    ]);

    // A delimiter-only line is no row (as at upload): the rows after it keep their split numbers.
    const gap = path.join(dir, "gap.csv");
    writeFileSync(gap, "a,b,label\n1,2,x\n,\n3,4,y\n5,6,x\n");
    const afterGap = await collect(
      tableWithoutPrivateHalf(
        gap,
        { delimiter: ",", bom: false },
        Uint8Array.from([SPLIT.TRAIN, SPLIT.TEST_PRIVATE, SPLIT.TRAIN]),
      ),
    );
    expect(parse(afterGap)).toEqual([
      ["a", "b", "label"],
      ["1", "2", "x"],
      ["5", "6", "x"],
    ]);

    const iris = path.join(dir, "iris.csv");
    writeFileSync(iris, sampleBytes("iris"));
    const rows = parse(sampleBytes("iris")) as string[][];
    const split = Uint8Array.from(rows.slice(1).map((_, i) => (i % 3 === 0 ? SPLIT.TEST_PRIVATE : SPLIT.TRAIN)));
    const kept = parse(
      await collect(tableWithoutPrivateHalf(iris, { delimiter: ",", bom: false }, split)),
    ) as string[][];
    expect(kept).toEqual([rows[0], ...rows.slice(1).filter((_, i) => i % 3 !== 0)]);
  });

  it("are left out of an image version's download zip", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ty-half-"));
    const zipPath = path.join(dir, "in.zip");
    writeFileSync(zipPath, await imageZip({ cats: [200, 0, 0], dogs: [0, 0, 200] }, 5));
    const packed = await ingestImageZip({
      filePath: zipPath,
      sha256: "0".repeat(64),
      size: 28,
      channels: 3,
      workDir: dir,
    });
    const assignments = Uint8Array.from({ length: 10 }, (_, i) => (i % 2 ? SPLIT.TEST_PRIVATE : SPLIT.TRAIN));
    const out = await collect(imagesWithoutPrivateHalf(packed.packedPath, assignments));
    const names = await new Promise<string[]>((resolve, reject) =>
      yauzl.fromBuffer(out, { lazyEntries: true }, (err, zip) => {
        if (err || !zip) return reject(err);
        const found: string[] = [];
        zip.on("entry", (e: yauzl.Entry) => (found.push(e.fileName), zip.readEntry()));
        zip.on("end", () => resolve(found));
        zip.readEntry();
      }),
    );
    expect(names).toEqual([
      "cats/000000.png",
      "cats/000002.png",
      "cats/000004.png",
      "dogs/000006.png",
      "dogs/000008.png",
    ]);
  });

  it("stay valid zips past 65,535 entries (ZIP64 end records)", async () => {
    async function* many() {
      for (let i = 0; i < 70_000; i++) yield { name: `c/${i}.png`, data: Buffer.from([i & 0xff]) };
    }
    const out = await collect(storedZip(many()));
    const { count, last } = await new Promise<{ count: number; last: string }>((resolve, reject) =>
      yauzl.fromBuffer(out, { lazyEntries: true }, (err, zip) => {
        if (err || !zip) return reject(err);
        let name = "";
        zip.on("entry", (e: yauzl.Entry) => ((name = e.fileName), zip.readEntry()));
        zip.on("end", () => resolve({ count: zip.entryCount, last: name }));
        zip.readEntry();
      }),
    );
    expect(count).toBe(70_000);
    expect(last).toBe("c/69999.png");
  });
});
