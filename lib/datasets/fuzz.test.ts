import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createDatasetFrom, sampleBytes, solidPng } from "../factories/datasets";
import { fuzz, fuzzTimeout } from "../factories/fuzz";
import { catalogueHas, ownedDatasetRows, scratchFiles, storedBlobs } from "../factories/storage";
import { createUser } from "../factories/users";
import { makeZip, type TZipEntry } from "../factories/zip";
import { getPrisma } from "../db";
import { DatasetInputError } from "./errors";
import { readMultipartUpload } from "./upload";

// Fuzzing the upload path end to end (staging → validation → blobs → rows), with
// the property every upload must keep: either a complete version, or a
// DatasetInputError / field error whose message key is in the catalogue, and
// then nothing at all left behind — no rows, no blobs, no staged or work files.
// Bounded for `npm test`; FUZZ_RUNS=<n> for a longer run (lib/factories/fuzz.ts).

type TOwner = Awaited<ReturnType<typeof createUser>>;
type TMeta = NonNullable<Parameters<typeof createDatasetFrom>[1]>;

/** Checks the outcome of one upload against the property; returns what happened, for the case's label. */
async function uploadKeepsInvariant(owner: TOwner, bytes: Buffer, meta: TMeta): Promise<string> {
  const blobsBefore = await storedBlobs();
  const scratchBefore = await scratchFiles();
  const rowsBefore = await ownedDatasetRows(owner.id);
  const outcome = await createDatasetFrom(bytes, meta, owner).then(
    (created) => ({ created, error: null }),
    (error: unknown) => ({ created: null, error }),
  );
  expect(await scratchFiles(), "staged and work files are always removed").toEqual(scratchBefore);
  if (outcome.created) {
    const version = await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: outcome.created.version.id } });
    expect(version.rowCount).toBeGreaterThan(0);
    expect(await ownedDatasetRows(owner.id)).toEqual({
      datasets: rowsBefore.datasets + 1,
      versions: rowsBefore.versions + 1,
    });
    const blobs = await storedBlobs();
    expect(blobs).toContain(version.sha256);
    // Large image zips are decoded later by the worker; until then dataKey is a placeholder, not a blob.
    if (version.dataKey && /^[0-9a-f]{64}$/.test(version.dataKey)) expect(blobs).toContain(version.dataKey);
    return "stored";
  }
  const { error } = outcome;
  if (error instanceof DatasetInputError) {
    expect(catalogueHas(`datasetErrors.${error.key}`), `catalogue key datasetErrors.${error.key}`).toBe(true);
  } else if (error instanceof AppError) {
    expect(error.code).toBe("INVALID_INPUT");
    for (const key of Object.values(error.fieldErrors))
      expect(key === "invalid" || catalogueHas(`validation.${key}`), `validation.${key}`).toBe(true);
  } else {
    throw error; // anything else is a crash: the property fails with it
  }
  expect(await ownedDatasetRows(owner.id)).toEqual(rowsBefore);
  expect(await storedBlobs()).toEqual(blobsBefore);
  return error instanceof DatasetInputError ? error.key : `field:${Object.values(error.fieldErrors).join(",")}`;
}

/** A request that never settles is a failure too (a hung request holds a connection and a staged file). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- CSV/TSV ---------------------------------------------------------------

const cellText = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom(
    "a",
    "b",
    "c",
    "x",
    "yes",
    "no",
    "true",
    "2024-01-02",
    "NA",
    "",
    " ",
    "1e309",
    "-0",
    "NaN",
    "Infinity",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom(
    'say "hi"',
    "a,b",
    "a\tb",
    "a;b",
    "a|b",
    "line\nbreak",
    "cr\r\nlf",
    "é",
    "日本語",
    "🙂",
    "\u200b",
    "\uFEFFx",
  ),
);
const columnName = fc.oneof(
  fc.constantFrom("label", "a", "b", "feature", "Label", "price", "名前", "col 1", "x,y", '"q"', "  padded  "),
  fc.string({ minLength: 1, maxLength: 10 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }),
);

type TTable = {
  header: string[];
  rows: string[][];
  delimiter: string;
  crlf: boolean;
  bom: boolean;
  trailingNewline: boolean;
};

const table: fc.Arbitrary<TTable> = fc
  .record({
    header: fc.uniqueArray(columnName, {
      minLength: 1,
      maxLength: 6,
      comparator: (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase(),
    }),
    rowCount: fc.integer({ min: 0, max: 25 }),
    delimiter: fc.constantFrom(",", "\t", ";", "|"),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .chain(({ header, rowCount, ...rest }) =>
    fc
      .array(fc.array(cellText, { minLength: header.length, maxLength: header.length }), {
        minLength: rowCount,
        maxLength: rowCount,
      })
      .map((rows) => ({ header, rows, ...rest })),
  );

function serialise(t: TTable): string {
  const quote = (v: string) => (/["\r\n]/.test(v) || v.includes(t.delimiter) ? `"${v.replace(/"/g, '""')}"` : v);
  const eol = t.crlf ? "\r\n" : "\n";
  const text = [t.header, ...t.rows].map((r) => r.map(quote).join(t.delimiter)).join(eol);
  return `${t.bom ? "\uFEFF" : ""}${text}${t.trailingNewline ? eol : ""}`;
}

/** Byte-level damage a real file picks up: stray quotes and delimiters, BOMs, NULs, bad UTF-8, huge fields, cut lines. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.constantFrom('"', ",", "\t", ";", "\r", "\n", "\r\n", "\uFEFF", "\0", '""', '"\n"', ",,,,\n"),
  }),
  fc.record({
    kind: fc.constant("insertRaw" as const),
    at: fc.nat(),
    bytes: fc.constantFrom<number[]>(
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xef, 0xbb, 0xbf],
      [0x00, 0x00],
    ),
  }),
  fc.record({
    kind: fc.constant("hugeField" as const),
    at: fc.nat(),
    size: fc.constantFrom(70_000, 300_000, 1_100_000),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("manyColumns" as const), at: fc.nat(), count: fc.constantFrom(50, 2_000) }),
);
type TMutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Buffer, m: TMutation): Buffer {
  const at = input.length ? m.at % (input.length + 1) : 0;
  const splice = (insert: Buffer, remove = 0) =>
    Buffer.concat([input.subarray(0, at), insert, input.subarray(at + remove)]);
  switch (m.kind) {
    case "insert":
      return splice(Buffer.from(m.bytes));
    case "insertRaw":
      return splice(Buffer.from(m.bytes));
    case "hugeField":
      return splice(Buffer.alloc(m.size, "x"));
    case "delete":
      return splice(Buffer.alloc(0), m.length);
    case "truncate":
      return input.subarray(0, at);
    case "duplicateLine": {
      const lines = input.toString("latin1").split("\n");
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "manyColumns":
      return splice(Buffer.from(",".repeat(m.count)));
  }
}

const targetFor = (header: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: header.length ? fc.constantFrom(...header) : fc.constant("label") },
    {
      weight: 1,
      arbitrary: header.length ? fc.constantFrom(...header).map((h) => ` ${h.toUpperCase()} `) : fc.constant("LABEL"),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "__proto__", "constructor", "x".repeat(201)) },
  );

const taskType = fc.constantFrom("CLASSIFICATION" as const, "REGRESSION" as const);
const fileName = fc.constantFrom(
  "data.csv",
  "data.tsv",
  "data.txt",
  "DATA.TSV",
  "noext",
  "../../etc/passwd.csv",
  "名前.csv",
);

const mutatedCsv = table.chain((t) =>
  fc.record({
    bytes: fc
      .array(mutation, { maxLength: 3 })
      .map((ms) => ms.reduce<Buffer>((b, m) => mutate(b, m), Buffer.from(serialise(t)))),
    targetColumn: targetFor(t.header),
    taskType,
    fileName,
  }),
);

const arbitraryBytes = fc.record({
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
    fc.string({ unit: "binary", maxLength: 600 }).map((s) => Buffer.from(s)),
    fc
      .array(fc.constantFrom("a", "b", ",", "\n", '"', "\r", "\t", "1", "label", "\uFEFF", " "), { maxLength: 300 })
      .map((a) => Buffer.from(a.join(""))),
  ),
  targetColumn: fc.oneof(fc.constant("label"), fc.constant("a"), fc.string({ maxLength: 8 })),
  taskType,
  fileName,
});

// ---- image zips ------------------------------------------------------------

let pngs: Buffer[] = [];
const entryName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom("cats", "dogs", "birds"),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(".png", ".PNG", ".jpg", ".jpeg"),
      )
      .map(([c, i, e]) => `${c}/${i}${e}`),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "../evil.png",
      "/abs.png",
      "C:/win.png",
      "a\\b.png",
      "a/b/c.png",
      "wrap/cats/1.png",
      "loose.png",
      "cats/notes.txt",
      ".hidden/1.png",
      "__MACOSX/cats/._1.png",
      "cats/.DS_Store",
      "empty/",
      "cats/",
      "",
      "/",
      "猫/1.png",
      "cats/\u0000.png",
      "cats/" + "n".repeat(300) + ".png",
      "a/../../b.png",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const entryData = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }).map((i) => ({ png: i })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => ({ raw: Buffer.from(a) })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat()).map(([i, cut]) => ({ truncatedPng: i, cut })),
  },
  { weight: 1, arbitrary: fc.constant({ raw: Buffer.from("not an image at all") }) },
);
const zipEntry = fc.record({
  name: entryName,
  data: entryData,
  deflate: fc.boolean(),
  lie: fc.option(fc.nat({ max: 100_000 }), { freq: 8 }),
});
const zipDamage = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("prefix" as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
  },
);

function buildZip(
  entries: {
    name: string;
    data: { png?: number; raw?: Buffer; truncatedPng?: number; cut?: number };
    deflate: boolean;
    lie: number | null;
  }[],
  damage: { kind: string; at?: number; byte?: number; bytes?: Uint8Array },
) {
  const list: TZipEntry[] = entries.map((e) => {
    let data: Buffer | undefined;
    if (e.name.endsWith("/")) data = undefined;
    else if (e.data.png !== undefined) data = pngs[e.data.png];
    else if (e.data.truncatedPng !== undefined) {
      const png = pngs[e.data.truncatedPng]!;
      data = png.subarray(0, (e.data.cut ?? 0) % png.length);
    } else data = e.data.raw;
    return { name: e.name, data, deflate: e.deflate, ...(e.lie !== null ? { declaredSize: e.lie } : {}) };
  });
  let zip = makeZip(list);
  if (damage.kind === "truncate") zip = zip.subarray(0, (damage.at ?? 0) % zip.length);
  else if (damage.kind === "flip") {
    zip = Buffer.from(zip);
    zip[(damage.at ?? 0) % zip.length] = damage.byte ?? 0;
  } else if (damage.kind === "prefix") zip = Buffer.concat([Buffer.from(damage.bytes!), zip]);
  return zip;
}

/** A valid base (two classes, two images each) plus random extra entries, sometimes damaged afterwards. */
const validBase = fc.constantFrom(...["cats/0.png", "cats/1.png", "dogs/0.png", "dogs/1.png"]).map(() =>
  ["cats/0.png", "cats/1.png", "dogs/0.png", "dogs/1.png"].map((name, i) => ({
    name,
    data: { png: i % 4 },
    deflate: i % 2 === 0,
    lie: null,
  })),
);
const imageUpload = fc.record({
  base: fc.option(validBase, { freq: 4, nil: [] }),
  entries: fc.array(zipEntry, { minLength: 0, maxLength: 8 }),
  damage: zipDamage,
  imageSize: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(28, 32, 64) },
    { weight: 1, arbitrary: fc.constantFrom(17, 0, -1) },
  ),
  imageChannels: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(1, 3) },
    { weight: 1, arbitrary: fc.constantFrom(2, 4) },
  ),
  fileName: fc.constantFrom("x.zip", "x.csv", "x"),
});

// ---- the properties --------------------------------------------------------

describe("upload fuzzing", () => {
  let owner: TOwner;
  const seen = new Map<string, number>();
  const note = (label: string) => seen.set(label, (seen.get(label) ?? 0) + 1);

  beforeAll(async () => {
    owner = await createUser();
    pngs = await Promise.all([
      solidPng([200, 0, 0]),
      solidPng([0, 0, 200], 12),
      solidPng([10, 200, 10], 3),
      solidPng([255, 255, 255], 40),
    ]);
  });

  it(
    "mutated CSV/TSV files: a stored version or a specific rejection, never a partial record",
    async () => {
      await fuzz(
        "csv mutated",
        fc.asyncProperty(mutatedCsv, async ({ bytes, targetColumn, taskType, fileName }) => {
          note(await uploadKeepsInvariant(owner, bytes, { targetColumn, taskType, fileName }));
        }),
        250,
        40_000,
      );
      console.info("csv outcomes", Object.fromEntries(seen));
      expect(seen.get("stored") ?? 0, "the generator also makes valid files").toBeGreaterThan(0);
    },
    fuzzTimeout(120_000),
  );

  it(
    "arbitrary bytes as a CSV: a specific rejection (or a version), never another exception",
    async () => {
      await fuzz(
        "csv bytes",
        fc.asyncProperty(arbitraryBytes, async ({ bytes, targetColumn, taskType, fileName }) => {
          await uploadKeepsInvariant(owner, bytes, { targetColumn, taskType, fileName });
        }),
        200,
        15_000,
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    "image zips (corrupt, truncated, odd names, nested folders, non-images): a version or a specific rejection",
    async () => {
      const outcomes = new Map<string, number>();
      await fuzz(
        "image zip",
        fc.asyncProperty(imageUpload, async ({ base, entries, damage, imageSize, imageChannels, fileName }) => {
          const zip = buildZip([...base, ...entries], damage);
          const label = await uploadKeepsInvariant(owner, zip, {
            kind: "IMAGE",
            targetColumn: "",
            fileName,
            imageSize,
            imageChannels,
          });
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
        }),
        200,
        30_000,
      );
      console.info("zip outcomes", Object.fromEntries(outcomes));
    },
    fuzzTimeout(90_000),
  );

  it(
    "multipart bodies: fields and one file, or a field error (never another exception), nothing left staged",
    async () => {
      const boundary = "----fuzzboundary";
      const part = fc.oneof(
        fc
          .record({
            name: fc.constantFrom("title", "file", "targetColumn", "", "x".repeat(300)),
            value: fc.string({ maxLength: 50 }),
          })
          .map(
            ({ name, value }) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
          ),
        fc
          .record({
            filename: fc.constantFrom("a.csv", "", '"', "a\r\nb.csv", "ü.csv"),
            value: fc.string({ maxLength: 200 }),
          })
          .map(
            ({ filename, value }) =>
              `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: text/csv\r\n\r\n${value}\r\n`,
          ),
        fc.string({ maxLength: 80 }),
      );
      const body = fc.record({
        parts: fc.array(part, { maxLength: 4 }),
        close: fc.boolean(),
        contentType: fc.constantFrom(
          `multipart/form-data; boundary=${boundary}`,
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "text/plain",
          `multipart/form-data; boundary=${boundary}; charset=bogus`,
        ),
      });
      await fuzz(
        "multipart",
        fc.asyncProperty(body, async ({ parts, close, contentType }) => {
          const scratchBefore = await scratchFiles();
          const text = parts.join("") + (close ? `--${boundary}--\r\n` : "");
          const request = new Request("http://localhost/api/datasets", {
            method: "POST",
            body: text,
            headers: { "content-type": contentType },
          });
          const result: Awaited<ReturnType<typeof readMultipartUpload>> | Error = await within(
            5_000,
            readMultipartUpload(request, { maxBytes: 1024 }),
          ).catch((e: Error) => e);
          if (result instanceof Error) {
            expect(result).toBeInstanceOf(AppError);
            for (const key of Object.values((result as AppError).fieldErrors))
              expect(catalogueHas(`validation.${key}`), key).toBe(true);
          } else await result.file?.staged.discard();
          expect(await scratchFiles()).toEqual(scratchBefore);
        }),
        300,
        10_000,
      );
    },
    fuzzTimeout(40_000),
  );

  it("the sample files still upload (the generators' baseline is sound)", async () => {
    expect(
      await uploadKeepsInvariant(owner, sampleBytes("iris"), { targetColumn: "species", fileName: "iris.csv" }),
    ).toBe("stored");
  });
});

// Cases the fuzzer found, kept as plain tests so they fail on the code that had them.
describe("multipart bodies found by fuzzing", () => {
  const boundary = "----fuzzboundary";
  const request = (body: string, contentType = `multipart/form-data; boundary=${boundary}`) =>
    new Request("http://localhost/api/datasets", { method: "POST", body, headers: { "content-type": contentType } });
  const filePart = (filename: string, data: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: text/csv\r\n\r\n${data}\r\n`;

  it("an empty boundary is a field error (busboy threw, a 500)", async () => {
    await expect(
      readMultipartUpload(request("x", "multipart/form-data; boundary="), { maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { file: "file.malformed" } });
  });

  it("a form cut off inside a file that is already too large is a field error, not an uncaught exception", async () => {
    // The stage gives up on the file (too large) and lets go of its stream; busboy then destroys that stream with
    // "Unexpected end of form". Unlistened, that error was an uncaught exception: the web process's.
    const body = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${"x".repeat(5000)}`;
    await expect(readMultipartUpload(request(body), { maxBytes: 1024 })).rejects.toBeInstanceOf(AppError);
    // An uncaught exception surfaces a tick later and fails this file.
    await new Promise((r) => setTimeout(r, 50));
  });

  it("parts after a refused one are not staged: the request settles and leaves no file", async () => {
    const scratchBefore = await scratchFiles();
    const body = [filePart('"', "TrL5"), filePart("", "9"), filePart("a\r\nb.csv", "X"), filePart("ü.csv", "4")].join(
      "",
    );
    await expect(within(5_000, readMultipartUpload(request(body), { maxBytes: 1024 }))).rejects.toBeInstanceOf(
      AppError,
    );
    expect(await scratchFiles()).toEqual(scratchBefore);
  });
});
