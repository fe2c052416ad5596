import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSpec, type TDatasetShapeInfo } from "../configs/shapes";
import { DATETIME_PARTS, ZConfigSpec, type TConfigSpecInput } from "../configs/spec";
import { templateSpec } from "../configs/templates";
import { SPLIT } from "../datasets/split";
import { cyclicFraction, cyclicPair, parseDatetime } from "./datetime";
import { DataPreparationError, featureWidth, prepareTabular, targetScaling } from "./preprocess";

// Issue 17: datetime values as features, the regression target's scaling, and a stored preprocessing reused as is
// (fine-tuning). Fitted on TRAIN rows only, like everything in preprocess.test.ts.
const { TRAIN, VALIDATION, TEST_PUBLIC, TEST_PRIVATE } = SPLIT;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ty-tabular-fit-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("datetime values", () => {
  it("reads offsets into UTC and values without one as UTC, whatever the process's time zone", () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        process.env.TZ = tz;
        const ms = parseDatetime("2024-03-10T23:30:00-05:00")!;
        expect(ms, tz).toBe(Date.UTC(2024, 2, 11, 4, 30));
        expect(new Date(ms).getUTCHours()).toBe(4); // the next day, 04:30 UTC
        expect(cyclicFraction(ms, "hour")).toBeCloseTo(4.5 / 24, 12);
        expect(cyclicFraction(ms, "dayOfWeek")).toBeCloseTo(1 / 7, 12); // Monday, not Sunday the 10th
        expect(cyclicFraction(ms, "dayOfYear")).toBeCloseTo(70 / 366, 12); // 11 March of a leap year: day 71
        expect(parseDatetime("2024-03-10T23:30"), tz).toBe(Date.UTC(2024, 2, 10, 23, 30));
        expect(parseDatetime("2024-03-10"), tz).toBe(Date.UTC(2024, 2, 10));
        expect(parseDatetime("2024-03-10 08:15:30.250+0530"), tz).toBe(Date.UTC(2024, 2, 10, 2, 45, 30, 250));
        expect(parseDatetime("2024-12-31T23:59:59Z"), tz).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const bad of ["2024-02-30", "2024-13-01", "2024-03-10T24:00", "10/03/2024", "yesterday"])
      expect(parseDatetime(bad), bad).toBeNull();
    // Cyclic: December sits next to January.
    const [decSin, decCos] = cyclicPair(Date.UTC(2023, 11, 15), "month");
    const [janSin, janCos] = cyclicPair(Date.UTC(2024, 0, 15), "month");
    expect(Math.hypot(decSin - janSin, decCos - janCos)).toBeCloseTo(2 * Math.sin(Math.PI / 12), 9);
  });
});

describe("datetime features and target scaling in prepareTabular", () => {
  // when: a full datetime; day: a date only, all in March on train rows; price: the regression target.
  const ROWS_DT: [string, string, string, string, number][] = [
    ["2024-03-10T23:30:00-05:00", "2024-03-10", "1", "1000", TRAIN],
    ["2024-03-12T08:00:00Z", "2024-03-11", "2", "2000", TRAIN],
    ["2024-03-13T14:45:00+02:00", "2024-03-13", "3", "3000", TRAIN],
    ["", "2024-03-14", "4", "4000", TRAIN], // missing datetime
    ["2024-03-16T06:00:00", "", "5", "6000", TRAIN],
    ["2024-03-20T10:00:00Z", "2024-03-20", "6", "5000", VALIDATION],
    ["2031-07-01T03:00:00Z", "2031-07-01", "7", "900000", TEST_PUBLIC], // far outside train: must not move the fit
    ["not a date", "2024-08-01", "8", "7000", TEST_PRIVATE],
  ];
  const DT_SHAPE: TDatasetShapeInfo = {
    name: "times",
    kind: "TABULAR",
    taskType: "REGRESSION",
    classes: [],
    targetColumn: "price",
    columns: [
      { name: "when", type: "datetime", distinct: 7 },
      { name: "day", type: "datetime", distinct: 7 },
      { name: "size", type: "numeric", distinct: 8 },
      { name: "price", type: "numeric", distinct: 8 },
    ],
  };
  const write = async (name: string, header: string, rows: string[][]) => {
    const file = path.join(dir, name);
    await writeFile(file, [header, ...rows.map((r) => r.join(","))].join("\n"));
    return file;
  };
  const regression = (preprocessing: Partial<TConfigSpecInput["preprocessing"]> = {}) => {
    const s = structuredClone(templateSpec("linearRegression", 1));
    return ZConfigSpec.parse({ ...s, preprocessing: { ...s.preprocessing, ...preprocessing } });
  };
  const run = async (
    preprocessing: Partial<TConfigSpecInput["preprocessing"]> = {},
    fitted?: Parameters<typeof prepareTabular>[0]["fitted"],
    rows = ROWS_DT,
    header = "when,day,size,price",
  ) =>
    prepareTabular({
      filePath: await write(
        `dt-${Math.random()}.csv`,
        header,
        rows.map((r) => r.slice(0, 4) as string[]),
      ),
      format: { delimiter: ",", bom: false },
      spec: regression(preprocessing),
      dataset: DT_SHAPE,
      splits: Uint8Array.from(rows.map((r) => r[4])),
      fitted,
    });
  const tabular = (p: Awaited<ReturnType<typeof run>>) => {
    if (p.fitted.kind !== "tabular") throw new Error("expected tabular");
    return p.fitted;
  };

  it("encodes the parts in UTC, drops parts constant on train rows, and imputes a missing value from train rows", async () => {
    const p = await run();
    const fitted = tabular(p);
    const when = fitted.features.find((f) => f.name === "when")!;
    const day = fitted.features.find((f) => f.name === "day")!;
    if (when.kind !== "datetime" || day.kind !== "datetime") throw new Error("expected datetime features");
    expect(when.parts).toEqual(["hour", "dayOfWeek", "dayOfYear"]); // all in March on train rows: no month
    expect(day.parts).toEqual(["dayOfWeek", "dayOfYear"]); // dates only: no hour either
    const trainWhen = [
      Date.UTC(2024, 2, 11, 4, 30),
      Date.UTC(2024, 2, 12, 8),
      Date.UTC(2024, 2, 13, 12, 45),
      Date.UTC(2024, 2, 16, 6),
    ];
    const imputed = trainWhen.reduce((a, b) => a + b, 0) / trainWhen.length; // 2031 and the test rows play no part
    expect(when.impute).toBe(imputed);
    expect(p.inputShape).toEqual([1 + 6 + 1 + 4 + 1]); // when: timestamp + 3 pairs; day: timestamp + 2 pairs; size
    expect(featureWidth(when) + featureWidth(day)).toBe(12);

    const width = p.inputShape[0]!;
    const row = (r: number) => Array.from(p.x.subarray(r * width, r * width + 7));
    // Row 0: 23:30 at -05:00 is Monday 11 March, 04:30 UTC.
    const [hs, hc] = cyclicPair(Date.UTC(2024, 2, 11, 4, 30), "hour");
    expect(row(0)[1]).toBeCloseTo(hs, 6);
    expect(row(0)[2]).toBeCloseTo(hc, 6);
    expect(row(0)[3]).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 6);
    // Row 3 (missing): the train mean's timestamp (standardised: 0 here, the mean of the filled train values) and
    // the cyclic parts of that same instant.
    expect(row(3)[0]).toBeCloseTo(0, 6);
    expect(row(3)[1]).toBeCloseTo(cyclicPair(imputed, "hour")[0], 6);
    // Row 7: an unreadable value in the test half is imputed the same way.
    expect(row(7)).toEqual(row(3).map((v) => Math.fround(v)));
    expect(p.x.every(Number.isFinite)).toBe(true);
  });

  it("adds the elapsed time between two datetime columns, and only the asked-for parts", async () => {
    const p = await run({
      datetime: { features: ["month", "hour"], elapsed: [{ from: "day", to: "when", unit: "hours" }] },
    });
    const fitted = tabular(p);
    expect(fitted.features.map((f) => [f.name, f.kind, featureWidth(f)])).toEqual([
      ["when", "datetime", 2], // hour only: month is constant on train rows
      ["day", "datetime", 0], // neither part varies
      ["size", "numeric", 1],
      ["when − day", "elapsed", 1],
    ]);
    const elapsed = fitted.features.at(-1)!;
    if (elapsed.kind !== "elapsed") throw new Error("expected elapsed");
    // Train rows with both values: 28.5 h (04:30 UTC the next day), 32 h, 12.75 h (rows 3 and 4 miss one of them).
    expect(elapsed.impute).toBeCloseTo((28.5 + 32 + 12.75) / 3, 9);
  });

  it("standardises a regression target on train rows; un-scaled it gives back the prices", async () => {
    const p = await run();
    const fitted = tabular(p);
    const train = [1000, 2000, 3000, 4000, 6000];
    const center = train.reduce((a, b) => a + b, 0) / train.length;
    const scale = Math.sqrt(train.reduce((a, b) => a + (b - center) ** 2, 0) / train.length);
    expect(fitted.target).toMatchObject({ column: "price", center });
    expect(fitted.target.scale).toBeCloseTo(scale, 9);
    expect(targetScaling(fitted)).toEqual({ center, scale: fitted.target.scale });
    const back = Array.from(p.y, (v) => v * fitted.target.scale! + center);
    // Float32 targets: equal to about 7 significant digits, also for the test row far outside the train range.
    ROWS_DT.forEach((r, i) => expect(Math.abs(back[i]! - Number(r[3])) / Number(r[3])).toBeLessThan(1e-6));
    const none = await run({ targetScaling: "none" });
    expect(Array.from(none.y)).toEqual(ROWS_DT.map((r) => Number(r[3])));
    expect(targetScaling(none.fitted)).toEqual({ center: 0, scale: 1 });
  });

  it("reuses a stored preprocessing as is (fine-tuning) and fits only the new target", async () => {
    const base = tabular(await run());
    const stored = JSON.parse(JSON.stringify(base)) as typeof base;
    // Other rows, other prices: the features must be encoded with the base's numbers, not refitted.
    const other: typeof ROWS_DT = [
      ["2025-01-05T12:00:00Z", "2025-01-05", "100", "10", TRAIN],
      ["2025-06-05T12:00:00Z", "2025-06-05", "200", "30", TRAIN],
      ["", "", "", "20", TEST_PUBLIC],
    ];
    const p = await run({}, stored, other);
    const fitted = tabular(p);
    expect(fitted.features).toEqual(base.features);
    expect(p.inputShape).toEqual([13]);
    const size = base.features.find((f) => f.name === "size")!;
    if (size.kind !== "numeric") throw new Error("expected numeric");
    expect(p.x[12]).toBeCloseTo((100 - size.center) / size.scale, 5);
    expect(p.x[2 * 13 + 12]).toBeCloseTo((size.impute - size.center) / size.scale, 5);
    expect(fitted.target).toMatchObject({ center: 20, scale: 10 }); // this dataset's train prices, 10 and 30

    // Preprocessing stored before datetime features and target scaling still applies.
    const old = {
      kind: "tabular" as const,
      features: [{ name: "size", kind: "numeric" as const, impute: 2, center: 2, scale: 4 }],
      dropRowsWithMissing: false,
      target: { column: "price", classes: [] },
    };
    expect(targetScaling(old)).toEqual({ center: 0, scale: 1 });
    const fromOld = await run({ excludeColumns: ["when", "day"] }, old);
    expect(fromOld.inputShape).toEqual([1]);
    expect(Array.from(fromOld.x.subarray(0, 2))).toEqual([-0.25, 0]);
  });

  it("gives the editor an upper bound of the datetime columns' width and checks elapsed pairs' columns", async () => {
    const spec = regression({ datetime: { features: [...DATETIME_PARTS], elapsed: [{ from: "day", to: "when" }] } });
    const { issues, analysis } = analyzeSpec(spec, DT_SHAPE);
    expect(issues).toEqual([]);
    expect(analysis?.features).toEqual(["when", "day", "size", "when − day"]);
    expect(analysis?.inputShape).toEqual([9 + 9 + 1 + 1]); // timestamp + 4 sin/cos pairs each, size, elapsed
    const p = await run({ datetime: { features: [...DATETIME_PARTS], elapsed: [{ from: "day", to: "when" }] } });
    expect(p.inputShape[0]).toBeLessThanOrEqual(analysis!.inputShape[0]!); // constant parts dropped when fitted
    const wrong = regression({ datetime: { features: ["hour"], elapsed: [{ from: "size", to: "when" }] } });
    expect(analyzeSpec(wrong, DT_SHAPE).issues.map((i) => [i.path, i.code])).toEqual([
      ["preprocessing.datetime.elapsed[0].from", "elapsedNotDatetime"],
    ]);
  });

  it("refuses a stored preprocessing whose columns this dataset lacks or exceeds, naming them", async () => {
    const base = tabular(await run());
    const renamed = ROWS_DT.map((r) => [...r] as typeof r);
    const error = await run({}, base, renamed, "when,date,size,price").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataPreparationError);
    expect(error).toMatchObject({ key: "runErrors.baseColumnsMismatch", values: { missing: "day", extra: "—" } });
    // An extra column the config feeds (day is no longer excluded) that the base never saw.
    const narrow = tabular(await run({ excludeColumns: ["day", "size"] }));
    const extra = await run({}, narrow).catch((e: unknown) => e);
    expect(extra).toMatchObject({ key: "runErrors.baseColumnsMismatch", values: { missing: "—", extra: "day, size" } });
    // An elapsed time the config asks for and the base never had.
    const withElapsed = await run(
      { datetime: { features: ["hour"], elapsed: [{ from: "day", to: "when" }] } },
      base,
    ).catch((e: unknown) => e);
    expect(withElapsed).toMatchObject({ values: { missing: "—", extra: "when − day" } });
  });
});
