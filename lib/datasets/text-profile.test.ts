import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDatasetFrom, SAMPLE_DIR } from "../factories/datasets";
import { tokenize } from "../text/tokenize";
import { readCsv, type TCsvFormat } from "./csv";
import type { TTabularProfile } from "./ingest";
import { ColumnStats, type TColumnSchema } from "./profile";
import { getBlobStore } from "../storage";
import { getSplitAssignments, getVersion } from "./queries";
import { TEXT_SAMPLE } from "./sample-text";
import { SPLIT } from "./split";
import { TEXT_SAMPLE_ROWS, TOKEN_CAP } from "./text-profile";

const ENGLISH = [
  "The battery life is great and the screen is bright",
  "Terrible battery, it died after one day",
  "Great value, the screen is sharp",
  "Shipping was slow but the battery is great",
];
const CHINESE = ["电池质量很好，屏幕很亮", "电池质量太差了", "屏幕清晰，电池耐用", "物流很慢，但是电池质量不错"];

function profileOf(values: string[], override: ConstructorParameters<typeof ColumnStats>[3] = null) {
  const stats = new ColumnStats("review", true, 7, override);
  for (const v of values) stats.add(v);
  return stats.profile();
}

describe("text profile", () => {
  it("counts English words and Chinese character bigrams, with each script's share of rows", () => {
    // 60 rows (past the categorical limit of 50 distinct values): 24 Chinese, 36 English.
    const values = Array.from({ length: 60 }, (_, i) =>
      i % 5 < 2 ? `${CHINESE[i % 4]}${i}` : `${ENGLISH[i % 4]} ${i}`,
    );
    const p = profileOf(values);
    expect(p.type).toBe("text");
    const text = p.text!;
    const tokens = text.topTokens!.map((t) => t.value);
    expect(tokens).toContain("battery");
    expect(tokens).toContain("电池");
    expect(tokens).toContain("质量");
    // Bigrams, never a whole unsegmented sentence as one token.
    expect(tokens.every((t) => t.length < 8)).toBe(true);
    expect(text.topTokens![0]!.count).toBeGreaterThan(1);
    expect(text.scripts).toEqual([
      { script: "latin", share: 0.6 },
      { script: "han", share: 0.4 },
    ]);
    expect(text.dominantScript).toBe("latin");
    expect(text.topTokensByScript!.map((s) => s.script)).toEqual(["latin", "han"]);
    expect(text.topTokensByScript![1]!.tokens[0]).toEqual({ value: "电池", count: 24 });
    expect(text.sampledRows).toBe(60);
    const expectedTokens = values.reduce((n, v) => n + tokenize(v, { level: "word", lowercase: true }).length, 0);
    expect(text.meanTokens).toBeCloseTo(expectedTokens / 60, 10);
    // The length histogram counts every row, between the shortest and the longest value.
    const lengths = values.map((v) => v.length);
    expect(text.lengthHistogram!.counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(text.minLength).toBe(Math.min(...lengths));
    expect(text.maxLength).toBe(Math.max(...lengths));
    expect(text.lengthHistogram!.edges[0]).toBe(Math.min(...lengths));
    expect(text.lengthHistogram!.edges.at(-1)).toBe(Math.max(...lengths));
  });

  it("a mostly Chinese column is dominated by Han", () => {
    const values = Array.from({ length: 80 }, (_, i) => (i % 10 < 8 ? `${CHINESE[i % 4]}${i}` : `${ENGLISH[0]} ${i}`));
    const text = profileOf(values).text!;
    expect(text.dominantScript).toBe("han");
    expect(text.scripts![0]).toEqual({ script: "han", share: 0.8 });
    expect(text.topTokens![0]!.value).toBe("电池");
    expect(text.topTokensByScript!.map((s) => s.script)).toEqual(["han", "latin"]);
  });

  it("stays bounded on a long column: tokens counted on a sample, distinct tokens capped, lengths scaled", () => {
    const rows = 30_000;
    const values = Array.from({ length: rows }, (_, i) => `word${i} other${i * 7} common`);
    const text = profileOf(values).text!;
    expect(text.sampledRows).toBe(TEXT_SAMPLE_ROWS);
    expect(text.topTokens![0]).toEqual({ value: "common", count: TEXT_SAMPLE_ROWS });
    expect(text.tokensCapped).toBe(false);
    // Scaled to the column's row count, as numeric histograms are.
    expect(Math.abs(text.lengthHistogram!.counts.reduce((a, b) => a + b, 0) - rows)).toBeLessThanOrEqual(20);

    const many = Array.from({ length: 3_000 }, (_, i) => Array.from({ length: 6 }, (_, k) => `t${i}x${k}`).join(" "));
    const capped = profileOf(many).text!;
    expect(capped.tokensCapped).toBe(TEXT_SAMPLE_ROWS * 6 > TOKEN_CAP);
  });

  it("a numeric-looking column set to text gets a text profile of all its values", () => {
    const codes = Array.from({ length: 100 }, (_, i) => String(10_000 + i));
    expect(profileOf(codes).type).toBe("numeric");
    const p = profileOf(codes, "text");
    expect(p.type).toBe("text");
    expect(p.inferredType).toBe("numeric");
    expect(p.text).toMatchObject({ meanLength: 5, minLength: 5, maxLength: 5, sampledRows: 100 });
    expect(p.text!.scripts).toEqual([{ script: "other", share: 1 }]);
    expect(p.text!.topTokensByScript).toEqual([]);
  });
});

describe("the shipped text sample", () => {
  const bytes = readFileSync(path.join(SAMPLE_DIR, TEXT_SAMPLE.file));

  it("uploads with its review column typed as text, about 40% Chinese, two classes", async () => {
    const { dataset } = await createDatasetFrom(bytes, {
      title: TEXT_SAMPLE.title,
      license: TEXT_SAMPLE.license,
      targetColumn: TEXT_SAMPLE.targetColumn,
      fileName: TEXT_SAMPLE.file,
    });
    const version = (await getVersion(dataset.id, 1))!;
    const schema = version.schema as TColumnSchema[];
    expect(version.rowCount).toBeGreaterThanOrEqual(400);
    expect(version.rowCount).toBeLessThanOrEqual(1000);
    expect(schema.map((c) => [c.name, c.type])).toEqual([
      ["text", "text"],
      ["label", "categorical"],
    ]);
    expect(version.classes).toEqual(["negative", "positive"]);
    const text = (version.profile as TTabularProfile).columns[0]!.text!;
    const han = text.scripts!.find((s) => s.script === "han")!.share;
    expect(han).toBeGreaterThanOrEqual(0.3);
    expect(han).toBeLessThan(0.5);
    expect(text.dominantScript).toBe("latin");
    // English function words lead the column's overall list; the Chinese rows get a list of their own.
    expect(text.topTokensByScript!.map((s) => s.script)).toEqual(["latin", "han"]);
    const hanTokens = text.topTokensByScript![1]!.tokens;
    expect(hanTokens.length).toBe(15);
    expect(hanTokens.every((t) => /^\p{Script=Han}{2}$/u.test(t.value))).toBe(true);
    const accuracy = await learnedAccuracy(version);
    expect(accuracy).toBeGreaterThan(0.75);
    expect(accuracy).toBeLessThan(0.99);
  });
});

/**
 * A multinomial naive Bayes on word tokens (Chinese bigrams), fitted on the train rows and scored on the public
 * test rows: the weakest bag-of-tokens model there is. The sample must be learnable (> 0.75) but not perfectly.
 */
async function learnedAccuracy(version: { id: string; sha256: string; format: unknown }) {
  const split = await getSplitAssignments(version.id);
  const rows: { tokens: string[]; label: string; split: number }[] = [];
  await readCsv(await getBlobStore().localPath(version.sha256), version.format as TCsvFormat, {
    onHeader: () => {},
    onRow: (record) => {
      rows.push({
        tokens: tokenize(record[0]!, { level: "word", lowercase: true }),
        label: record[1]!,
        split: split[rows.length]!,
      });
    },
  });
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const docs = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const row of rows.filter((r) => r.split === SPLIT.TRAIN)) {
    const c = counts.get(row.label) ?? new Map<string, number>();
    counts.set(row.label, c);
    docs.set(row.label, (docs.get(row.label) ?? 0) + 1);
    for (const t of row.tokens) {
      c.set(t, (c.get(t) ?? 0) + 1);
      totals.set(row.label, (totals.get(row.label) ?? 0) + 1);
      vocabulary.add(t);
    }
  }
  const test = rows.filter((r) => r.split === SPLIT.TEST_PUBLIC || r.split === SPLIT.VALIDATION);
  let right = 0;
  for (const row of test) {
    let best = "";
    let bestScore = -Infinity;
    for (const [label, c] of counts) {
      let score = Math.log(docs.get(label)!);
      for (const t of row.tokens) score += Math.log(((c.get(t) ?? 0) + 1) / (totals.get(label)! + vocabulary.size));
      if (score > bestScore) [best, bestScore] = [label, score];
    }
    if (best === row.label) right++;
  }
  const accuracy = right / test.length;
  return accuracy;
}
