import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatStat } from "./format";

describe("formatStat", () => {
  it("shows 4 significant digits, not 3 decimals: a board and a run page read the same", () => {
    expect(formatStat(0.87654)).toBe("0.8765");
    expect(formatStat(0.0012346)).toBe("0.001235");
    expect(formatStat(0.5)).toBe("0.5");
    expect(formatStat(12.34567)).toBe("12.35");
    expect(formatStat(1234.567)).toBe("1,235");
  });

  it("keeps integers, uses exponents at the extremes, and a dash for what is not a number", () => {
    expect(formatStat(1)).toBe("1");
    expect(formatStat(1234567)).toBe("1,234,567");
    expect(formatStat(1234567.5)).toBe("1.235e+6");
    expect(formatStat(0.00001234)).toBe("1.234e-5");
    expect(formatStat(Number.NaN)).toBe("–");
    expect(formatBytes(1536)).toBe("1.5 KB");
  });
});

describe("formatDuration", () => {
  it("speaks the reader's language with Intl's unit names, at most two units", () => {
    expect(formatDuration(4.26, "en")).toBe("4.3 sec");
    expect(formatDuration(725, "en")).toBe("12 min 5 sec");
    expect(formatDuration(3785, "en")).toBe("1 hr 3 min");
    expect(formatDuration(4.26, "zh-CN")).toBe("4.3秒");
    expect(formatDuration(725, "zh-CN")).toBe("12分钟5秒");
    expect(formatDuration(3600, "zh-CN")).toBe("1小时");
    expect(formatDuration(Number.NaN, "en")).toBe("–");
  });
});
