import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { createDatasetFrom, sampleBytes, solidPng } from "../factories/datasets";
import { makeZip } from "../factories/zip";
import { LOCALES } from "../i18n/locales";
import type en from "../i18n/messages/en.json";
import { DatasetInputError } from "./errors";
import { binaryFormatOf, headerColumns } from "./file-kind";

/** Typed as the English catalogue, as the app's messages are; every locale's has the same keys (i18n.test.ts). */
const catalogue = (locale: string) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../i18n/messages/${locale}.json`), "utf8")) as typeof en;

/** The message the upload form shows for an error (app/_components/upload/upload-status.tsx), failing on any gap. */
function shown(locale: string, error: DatasetInputError): string {
  const t = createTranslator({
    locale,
    messages: catalogue(locale),
    namespace: "datasetErrors",
    onError: (e) => {
      throw e;
    },
  });
  return t(error.key as "csv.empty", error.values as Record<string, string>);
}

async function uploadError(bytes: Buffer, fileName = "data.csv") {
  const error = await createDatasetFrom(bytes, { fileName }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetInputError);
  return error as DatasetInputError;
}

describe("a file that is not a text table", () => {
  it("a PNG renamed .csv: named as a PNG in both languages, and no junk column offered", async () => {
    const png = await solidPng([10, 20, 30]);
    expect(headerColumns(png)).toEqual([]);
    expect(binaryFormatOf(png)).toBe("png");
    const error = await uploadError(png, "photo.csv");
    expect(error.key).toBe("csv.notText");
    expect(error.values).toEqual({ format: "png" });
    for (const locale of LOCALES) {
      const text = shown(locale, error);
      expect(text).toContain("PNG");
      expect(text).not.toMatch(/datasetErrors|csv\.|[{}]/);
    }
    expect(shown("en", error)).toContain("This file is a PNG image, not a CSV or TSV table");
  });

  it.each([
    ["an xlsx workbook (a zip)", () => makeZip([{ name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }]), "zip"],
    ["a gzip file", () => gzipSync(sampleBytes("iris")), "gzip"],
    ["a PDF", () => Buffer.concat([Buffer.from("%PDF-1.7\n%"), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a])]), "pdf"],
    ["an old Excel workbook", () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "xls"],
  ] as const)("%s", async (_, make, format) => {
    const bytes = make();
    expect(headerColumns(bytes)).toEqual([]);
    const error = await uploadError(bytes);
    expect(error.key).toBe("csv.notText");
    expect(error.values).toEqual({ format });
    for (const locale of LOCALES) expect(shown(locale, error)).not.toMatch(/[{}]|datasetErrors/);
  });

  it("UTF-16 text (Excel's Unicode Text) says so", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,label\n1,x\n2,y\n", "utf16le")]);
    expect(headerColumns(utf16)).toEqual([]);
    const error = await uploadError(utf16);
    expect(error.key).toBe("csv.utf16");
    for (const locale of LOCALES) expect(shown(locale, error)).toMatch(/UTF-16/);
  });

  it("other binary content keeps its line number; no column is offered for it", async () => {
    const bytes = Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x01, 0x00, 0x02]);
    expect(headerColumns(bytes)).toEqual([]);
    const error = await uploadError(bytes);
    expect(error.key).toBe("csv.binary");
    expect(error.values).toEqual({ line: 2 });
    expect(shown("en", error)).toBe(
      "This does not look like a text file (line 2 contains binary data). Upload a CSV or TSV file.",
    );
    // Not UTF-8 and without a NUL byte: still nothing offered.
    expect(headerColumns(Buffer.from([0xc3, 0x28, 0x2c, 0x61, 0x0a]))).toEqual([]);
  });

  it("a real table's columns are offered, signatures made of letters included", () => {
    expect(headerColumns(sampleBytes("penguins"))).toEqual([
      "species",
      "island",
      "bill_length_mm",
      "bill_depth_mm",
      "flipper_length_mm",
      "body_mass_g",
      "sex",
    ]);
    expect(headerColumns(Buffer.from('\uFEFFPAR1;"GIF8";label\n1;2;x\n'))).toEqual(["PAR1", "GIF8", "label"]);
    expect(binaryFormatOf(Buffer.from("PAR1,PAR2,label\n1,2,x\n"))).toBeNull();
    // A multi-byte character cut by the end of the sample is text, not an error.
    expect(headerColumns(Buffer.from("größe,label\n", "utf8").subarray(0, 3))).toEqual(["gr"]);
  });
});
