import { writeFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { loadEnv } from "../env";
import { createDatasetFrom } from "../factories/datasets";
import { scratchFiles, storedBlobs } from "../factories/storage";
import { createUser } from "../factories/users";
import { readCsv } from "./csv";
import { DatasetInputError } from "./errors";

/** Runs `fn` while sampling this process's resident memory; returns its result (or error) and the peak growth. */
async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ outcome: T | unknown; growthBytes: number; ms: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = Date.now();
  try {
    const outcome = await fn().catch((error: unknown) => error);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { outcome, growthBytes: peak - base, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

/** Uploads `bytes` through the real upload path expecting `key`; checks nothing was stored. */
async function expectRejectedUpload(bytes: Buffer | string, key: string) {
  const owner = await createUser();
  const blobsBefore = await storedBlobs();
  const { outcome, growthBytes, ms } = await withPeakRss(() => createDatasetFrom(bytes, {}, owner));
  expect(outcome, `expected ${key}`).toBeInstanceOf(DatasetInputError);
  expect((outcome as DatasetInputError).key).toBe(key);
  expect(await getPrisma().dataset.count({ where: { ownerId: owner.id } })).toBe(0);
  expect(await storedBlobs()).toEqual(blobsBefore);
  expect((await scratchFiles()).filter((f) => f.endsWith(".part"))).toEqual([]);
  return { values: (outcome as DatasetInputError).values, growthBytes, ms };
}

describe("CSV shape limits (issue 12: 150,000 columns took the web process to 21 GB)", () => {
  it("rejects the 1.6 MB file with 150,000 columns and two rows quickly, in bounded memory, storing nothing", async () => {
    const columns = 150_000;
    const header = Array.from({ length: columns - 1 }, (_, i) => `c${i}`)
      .concat("label")
      .join(",");
    const row = (label: string) =>
      Array.from({ length: columns - 1 }, (_, i) => String(i % 10))
        .concat(label)
        .join(",");
    const csv = `${header}\n${row("x")}\n${row("y")}\n`;
    expect(csv.length).toBeGreaterThan(1_000_000);

    const { values, growthBytes, ms } = await expectRejectedUpload(csv, "csv.tooManyColumns");
    expect(values).toEqual({ line: 1, max: loadEnv().DATASET_MAX_COLUMNS });
    expect(growthBytes).toBeLessThan(200 * 1024 ** 2);
    expect(ms).toBeLessThan(5_000);
  });

  it("counts columns on every row: a data row of a million empty fields is refused at its line", async () => {
    const csv = `a,label\n1,x\n2,y\n${",".repeat(1_000_000)}\n`;
    const { values, growthBytes } = await expectRejectedUpload(csv, "csv.tooManyColumns");
    expect(values).toEqual({ line: 4, max: loadEnv().DATASET_MAX_COLUMNS });
    expect(growthBytes).toBeLessThan(200 * 1024 ** 2);
  });

  it("refuses a record longer than the limit, naming the line it starts on (an unclosed quote makes one)", async () => {
    const max = loadEnv().DATASET_MAX_RECORD_BYTES;
    const long = `a,label\n1,x\n2,"${"z".repeat(max)}\n3,y\n`;
    expect((await expectRejectedUpload(long, "csv.recordTooLarge")).values).toEqual({ line: 3, max });
    const unclosed = `a,label\n1,x\n2,"oops\n${"4,y\n".repeat(max / 4 + 10)}`;
    expect((await expectRejectedUpload(unclosed, "csv.recordTooLarge")).values).toEqual({ line: 3, max });
  });

  it("does not count delimiters or newlines inside quotes as columns or records, and accepts a table at the limit", async () => {
    const quoted = `text,label\n"${"a,".repeat(5_000)}",x\n"two\nlines",y\n"b",x\n"c",y\n`;
    const { version } = await createDatasetFrom(quoted);
    expect(version.number).toBe(1);

    const max = loadEnv().DATASET_MAX_COLUMNS;
    const header = Array.from({ length: max - 1 }, (_, i) => `c${i}`)
      .concat("label")
      .join(",");
    const rows = ["x", "y", "x", "y"].map((l, r) =>
      Array.from({ length: max - 1 }, (_, i) => String((i + r) % 7))
        .concat(l)
        .join(","),
    );
    const wide = await createDatasetFrom(`${header}\n${rows.join("\n")}\n`);
    const stored = await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: wide.version.id } });
    expect(stored.columnCount).toBe(max);
  });

  it("takes its limits as a parameter, and the profile job and previews read through the same guard", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ty-csv-limits-"));
    try {
      const file = path.join(dir, "t.csv");
      await writeFile(file, "a,b,c,label\n1,2,3,x\n");
      const read = (maxColumns: number) =>
        readCsv(
          file,
          { delimiter: ",", bom: false },
          { onHeader: () => {}, onRow: () => {} },
          { maxColumns, maxRecordBytes: 1024 },
        ).then(
          () => "ok",
          (e: DatasetInputError) => e.key,
        );
      expect(await read(4)).toBe("ok");
      expect(await read(3)).toBe("csv.tooManyColumns");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
