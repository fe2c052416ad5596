import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDatasetFrom, createSampleDataset, SAMPLES } from "../factories/datasets";
import { mulberry32 } from "../random";
import { profileTabular, type TTabularProfile } from "./ingest";
import { getVersion } from "./queries";
import { SPLIT } from "./split";
import { ColumnChecks, type TColumnWarning } from "./warnings";

async function warningsOf(csv: string, meta: Parameters<typeof createDatasetFrom>[1]) {
  const { dataset } = await createDatasetFrom(csv, meta);
  const v = (await getVersion(dataset.id, 1))!;
  expect(v.profileStatus).toBe("DONE");
  return { warnings: (v.profile as TTabularProfile).warnings!, version: v };
}
const byColumn = (warnings: TColumnWarning[]) => Object.fromEntries(warnings.map((w) => [w.column, w.kind]));

/** A Titanic-like table: `alive` restates the target, `ship` never changes, PassengerId numbers the rows. */
function titanicCsv(rows = 300) {
  const random = mulberry32(17);
  const lines = ["PassengerId,pclass,sex,age,fare,ship,alive,survived"];
  for (let i = 1; i <= rows; i++) {
    const sex = random() < 0.5 ? "male" : "female";
    const pclass = 1 + Math.floor(random() * 3);
    const survived = random() < (sex === "female" ? 0.7 : 0.2) + (pclass === 1 ? 0.1 : 0) ? 1 : 0;
    const age = random() < 0.1 ? "" : String(Math.round(random() * 70 * 2) / 2);
    const fare = (5 + random() * 100).toFixed(2);
    lines.push(`${i},${pclass},${sex},${age},${fare},Titanic,${survived ? "yes" : "no"},${survived}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("column warnings at profiling", () => {
  it("flags a column that restates the target, a constant column and an ID column — and nothing else", async () => {
    const { warnings } = await warningsOf(titanicCsv(), { targetColumn: "survived" });
    expect(byColumn(warnings)).toEqual({ PassengerId: "idLike", ship: "constant", alive: "leak" });
    expect(warnings.find((w) => w.column === "alive")).toEqual({
      kind: "leak",
      column: "alive",
      how: "mapping",
      share: 1,
    });
    expect(warnings.find((w) => w.column === "ship")).toEqual({ kind: "constant", column: "ship", value: "Titanic" });
  });

  it("flags a leak whichever way round: the numeric copy of a categorical target", async () => {
    const { warnings } = await warningsOf(titanicCsv(), { targetColumn: "alive" });
    expect(byColumn(warnings)).toEqual({ PassengerId: "idLike", ship: "constant", survived: "leak" });
  });

  it("regression: flags |correlation| ≥ 0.99 with the target, not a merely strong one", async () => {
    const random = mulberry32(5);
    const lines = ["area,rooms,price_cents,price"];
    for (let i = 0; i < 200; i++) {
      const area = 40 + random() * 160;
      const price = area * 3000 + random() * 150_000;
      // rooms follows area loosely; price_cents is the target again, rounded
      lines.push(
        `${area.toFixed(1)},${Math.max(1, Math.round(area / 30 + random() * 3))},${Math.round(price * 100)},${price.toFixed(2)}`,
      );
    }
    const { warnings } = await warningsOf(`${lines.join("\n")}\n`, { taskType: "REGRESSION", targetColumn: "price" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: "leak", column: "price_cents", how: "correlation" });
    expect((warnings[0] as { correlation: number }).correlation).toBeGreaterThan(0.999);
  });

  it("is computed on the train rows only", async () => {
    // hint: the target on train rows, noise elsewhere (it leaks into training); late: the reverse (it does not);
    // batch: one value on train rows only (constant where the model learns).
    const lines = titanicCsv(400).trim().split("\n");
    const split = Uint8Array.from(lines.slice(1), (_, i) =>
      i % 4 === 0 ? SPLIT.VALIDATION : i % 4 === 1 ? SPLIT.TEST_PUBLIC : SPLIT.TRAIN,
    );
    const csv = [
      `${lines[0]},hint,late,batch`,
      ...lines.slice(1).map((l, i) => {
        const target = l.at(-1)!;
        const noise = String((i * 7) % 2);
        return split[i] === SPLIT.TRAIN ? `${l},s${target},s${noise},b1` : `${l},s${noise},s${target},b${i % 5}`;
      }),
    ].join("\n");
    const dir = await mkdtemp(path.join(os.tmpdir(), "ty-warnings-"));
    try {
      await writeFile(path.join(dir, "t.csv"), csv);
      const profile = await profileTabular({
        filePath: path.join(dir, "t.csv"),
        format: { delimiter: ",", bom: false },
        targetColumn: "survived",
        taskType: "CLASSIFICATION",
        split,
      });
      expect(byColumn(profile.warnings!)).toEqual({
        PassengerId: "idLike",
        ship: "constant",
        alive: "leak",
        hint: "leak",
        batch: "constant",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("an imbalanced target does not make every column a 'leak'", () => {
    const random = mulberry32(9);
    const checks = new ColumnChecks(["group", "label"], 1, "CLASSIFICATION");
    for (let i = 0; i < 400; i++) checks.add([`g${Math.floor(random() * 4)}`, i < 2 ? "rare" : "common"]);
    expect(checks.warnings(new Map([["group", "categorical"]]))).toEqual([]);
  });

  it("few rows: no leak or ID warnings (chance mappings), but a constant column still is one", () => {
    const checks = new ColumnChecks(["id", "copy", "same", "label"], 3, "CLASSIFICATION");
    for (let i = 0; i < 20; i++) checks.add([String(i), i % 2 ? "p" : "q", "k", i % 2 ? "x" : "y"]);
    const types = new Map([
      ["id", "numeric"],
      ["copy", "categorical"],
      ["same", "categorical"],
    ] as const);
    expect(checks.warnings(types)).toEqual([{ kind: "constant", column: "same", value: "k" }]);
  });

  it("unique measurements are not IDs; text and dates the model ignores get no leak or ID warning", () => {
    const checks = new ColumnChecks(["weight", "name", "when", "code", "label"], 4, "CLASSIFICATION");
    for (let i = 0; i < 100; i++)
      checks.add([
        String(1000 + i * 37),
        `person ${i}`,
        `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
        `c${i}`,
        i % 2 ? "x" : "y",
      ]);
    const types = new Map([
      ["weight", "numeric"],
      ["name", "text"],
      ["when", "datetime"],
      ["code", "categorical"],
    ] as const);
    // weight: unique whole numbers, but sparse over their range; code: categorical text, different on every row.
    expect(checks.warnings(types)).toEqual([{ kind: "idLike", column: "code" }]);
  });

  it.each(Object.keys(SAMPLES) as (keyof typeof SAMPLES)[])("no warning on clean sample data: %s", async (name) => {
    const { dataset } = await createSampleDataset(name);
    const v = (await getVersion(dataset.id, 1))!;
    expect((v.profile as TTabularProfile).warnings).toEqual([]);
  });
});
