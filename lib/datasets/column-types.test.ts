import { describe, expect, it } from "vitest";
import { datasetShapeInfo } from "../configs/dataset-info";
import { tabularFeatures } from "../configs/shapes";
import { ZConfigSpec } from "../configs/spec";
import { templateSpec } from "../configs/templates";
import { getPrisma } from "../db";
import { createDatasetFrom, stageBytes } from "../factories/datasets";
import { createUser } from "../factories/users";
import { mulberry32 } from "../random";
import { chosenColumnTypes } from "./column-types";
import type { TTabularProfile } from "./ingest";
import { addDatasetVersion } from "./mutations";
import type { TColumnSchema } from "./profile";
import { runProfileJob } from "./profile-job";
import { getVersion } from "./queries";

/** Shop orders: `zip` looks numeric but is a code, `note` few distinct strings, `age` numeric with one gap. */
function ordersCsv(rows = 120, bad?: { row: number; age: string }) {
  const random = mulberry32(3);
  const zips = ["10115", "20095", "80331", "50667", "60311"];
  const notes = ["gift", "express", "fragile", "repeat customer", ""];
  const lines = ["order_id,zip,age,note,label"];
  for (let i = 1; i <= rows; i++) {
    const age = bad?.row === i ? bad.age : String(18 + Math.floor(random() * 60));
    const label = random() < 0.5 ? "keep" : "return";
    lines.push(`${i},${zips[i % zips.length]},${age},${notes[i % notes.length]},${label}`);
  }
  return `${lines.join("\n")}\n`;
}

const schemaOf = async (datasetId: string, number = 1) => {
  const version = (await getVersion(datasetId, number))!;
  return { version, schema: version.schema as TColumnSchema[], profile: version.profile as TTabularProfile };
};
const column = <T extends { name: string }>(columns: T[], name: string) => columns.find((c) => c.name === name)!;

describe("column types chosen at upload", () => {
  it("stores the chosen type with the inferred one beside it, and the profile, shapes and warnings use it", async () => {
    const { dataset } = await createDatasetFrom(ordersCsv(), {
      // As the upload form sends it: one JSON field.
      columnTypes: JSON.stringify({ zip: "categorical", note: "text", order_id: "text" }),
    });
    const { version, schema, profile } = await schemaOf(dataset.id);
    expect(column(schema, "zip")).toMatchObject({ type: "categorical", inferredType: "numeric", distinct: 5 });
    expect(column(schema, "note")).toMatchObject({ type: "text", inferredType: "categorical" });
    expect(column(schema, "age")).toMatchObject({ type: "numeric" });
    expect(column(schema, "age")).not.toHaveProperty("inferredType");

    // The profile describes zip as categories (top values, no histogram) and note as text.
    expect(column(profile.columns, "zip").type).toBe("categorical");
    expect(column(profile.columns, "zip").numeric).toBeUndefined();
    expect(
      column(profile.columns, "zip")
        .top?.map((t) => t.value)
        .sort(),
    ).toEqual(["10115", "20095", "50667", "60311", "80331"].sort());
    expect(column(profile.columns, "note").text?.topTokens?.map((t) => t.value)).toContain("customer");
    // order_id numbers the rows: an ID warning while it is numeric, none once it is text (not fed to a model).
    expect(profile.warnings?.map((w) => w.column)).not.toContain("order_id");

    // Shapes: zip is one-hot encoded over its 5 codes instead of being one number; note and order_id are not fed.
    const info = (await datasetShapeInfo(version.id, { id: dataset.ownerId }))!;
    const spec = ZConfigSpec.parse(templateSpec("logisticRegression", 2));
    expect(tabularFeatures(spec, info)).toEqual([
      { name: "zip", width: 5 },
      { name: "age", width: 1 },
    ]);
  });

  it("without a choice the same file infers as before (and flags order_id as an ID)", async () => {
    const { dataset } = await createDatasetFrom(ordersCsv());
    const { schema, profile } = await schemaOf(dataset.id);
    expect(schema.map((c) => c.type)).toEqual(["numeric", "numeric", "numeric", "categorical", "categorical"]);
    expect(schema.some((c) => "inferredType" in c)).toBe(false);
    expect(profile.warnings?.map((w) => w.column)).toContain("order_id");
  });

  it("refuses a numeric type on a column with a non-numeric value, naming the column, value and line; stores nothing", async () => {
    const owner = await createUser({});
    const csv = ordersCsv(120, { row: 37, age: "about 40" });
    await expect(
      createDatasetFrom(csv, { title: "Orders with a bad age", columnTypes: { age: "numeric" } }, owner),
    ).rejects.toMatchObject({
      code: "INVALID_DATA",
      key: "columnType.mismatch",
      values: { column: "age", type: "numeric", value: "about 40", line: 38 },
    });
    expect(await getPrisma().dataset.count({ where: { ownerId: owner.id } })).toBe(0);
    // Left to inference, the same column is simply categorical-or-text: the refusal is the chosen type's.
    const { dataset } = await createDatasetFrom(csv, {}, owner);
    expect(column((await schemaOf(dataset.id)).schema, "age").type).not.toBe("numeric");
  });

  it("refuses boolean and datetime types that the values do not fit", async () => {
    await expect(createDatasetFrom(ordersCsv(), { columnTypes: { note: "boolean" } })).rejects.toMatchObject({
      key: "columnType.mismatch",
      values: { column: "note", type: "boolean", value: "express", line: 2 },
    });
    await expect(createDatasetFrom(ordersCsv(), { columnTypes: { zip: "datetime" } })).rejects.toMatchObject({
      key: "columnType.mismatch",
      values: { column: "zip", type: "datetime", value: "20095", line: 2 },
    });
  });

  it("refuses a column the file does not have, and a target type the task cannot use", async () => {
    await expect(createDatasetFrom(ordersCsv(), { columnTypes: { postcode: "text" } })).rejects.toMatchObject({
      key: "columnType.unknownColumn",
      values: { column: "postcode", columns: "order_id, zip, age, note, label" },
    });
    await expect(createDatasetFrom(ordersCsv(), { columnTypes: { label: "text" } })).rejects.toMatchObject({
      key: "columnType.target",
      values: { column: "label", type: "text", task: "CLASSIFICATION" },
    });
    await expect(
      createDatasetFrom(ordersCsv(), {
        taskType: "REGRESSION",
        targetColumn: "age",
        columnTypes: { age: "categorical" },
      }),
    ).rejects.toMatchObject({ key: "columnType.target", values: { column: "age", task: "REGRESSION" } });
  });

  it("refuses a malformed field or an unknown type as a field error", async () => {
    for (const columnTypes of ["{not json", JSON.stringify({ zip: "integer" }), JSON.stringify(["zip"])]) {
      await expect(createDatasetFrom(ordersCsv(), { columnTypes })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        fieldErrors: { columnTypes: "columnTypes.invalid" },
      });
    }
  });

  it("a new version chooses its own types, and a re-run profile job keeps them", async () => {
    const owner = await createUser({});
    const { dataset } = await createDatasetFrom(ordersCsv(), {}, owner);
    const { version } = await addDatasetVersion({
      actor: owner,
      datasetId: dataset.id,
      message: "zip codes are codes",
      columnTypes: JSON.stringify({ zip: "categorical" }),
      upload: { staged: await stageBytes(ordersCsv()), fileName: "orders.csv" },
    });
    const v2 = await schemaOf(dataset.id, version.number);
    expect(column(v2.schema, "zip")).toMatchObject({ type: "categorical", inferredType: "numeric" });
    expect(chosenColumnTypes(v2.schema)).toEqual({ zip: "categorical" });

    // The worker's profile job (large files) reads the chosen types back from the schema.
    await getPrisma().datasetVersion.update({
      where: { id: v2.version.id },
      data: { profileStatus: "PENDING", profile: undefined },
    });
    expect(await runProfileJob({ versionId: v2.version.id })).toBe("done");
    const reprofiled = (await schemaOf(dataset.id, version.number)).profile;
    expect(column(reprofiled.columns, "zip")).toMatchObject({ type: "categorical", inferredType: "numeric" });
    expect(column(reprofiled.columns, "zip").numeric).toBeUndefined();
  });
});
