import { describe, expect, it } from "vitest";
import { countsOption, histogramOption, linesOption, residualOption } from "./options";
import { axisTooltip, escapeHtml, tooltipHtml, trustedMarkup, type TAxisParam } from "./tooltip";

const IMG = `<img src=x onerror="window.__xss=1">`;
/** No tag other than the formatter's own (div, b, br, ECharts' marker span) may come out. */
const tags = (html: string) => [...html.matchAll(/<\s*([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());

describe("chart tooltips escape user text", () => {
  it("escapes the five HTML metacharacters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(3.5)).toBe("3.5");
  });

  it("tooltipHtml keeps its literal markup and escapes every value, arrays included", () => {
    const html = tooltipHtml`${IMG}<br/><b>${1}</b>${[IMG, "{b}"]}${null}${false}`;
    expect(html).toBe(`${escapeHtml(IMG)}<br/><b>1</b>${escapeHtml(IMG)}{b}`);
    expect(tags(html)).toEqual(["br", "b"]);
    // Nesting needs trustedMarkup; a plain string is escaped again.
    expect(tooltipHtml`${trustedMarkup(tooltipHtml`<i>${IMG}</i>`)}`).toBe(`<i>${escapeHtml(IMG)}</i>`);
    expect(tooltipHtml`${tooltipHtml`<i></i>`}`).toBe("&lt;i&gt;&lt;/i&gt;");
  });

  it("axis tooltips escape series names and category labels, and keep ECharts' own marker", () => {
    const marker = '<span style="background-color:#1f9d63;"></span>';
    const params: TAxisParam[] = [
      { axisValueLabel: IMG, seriesName: `@eve · ${IMG} r1`, marker, value: [3, 0.123456789] },
      { axisValueLabel: IMG, seriesName: "series\u00001", marker, value: 7 },
    ];
    const html = axisTooltip(params);
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(IMG));
    expect(html).toContain(marker);
    expect(html).toContain("<b>0.12346</b>");
    expect(html).not.toContain("series\u0000");
    expect(tags(html).filter((t) => t !== "span")).toEqual(["div", "div", "b", "div", "b"]);
  });

  it("counts charts (class names, category values) show the full value, escaped", () => {
    const long = `${IMG}${"x".repeat(30)}`;
    const option = countsOption([
      { value: long, count: 3 },
      { value: "{a|b}", count: 1 },
    ]) as { tooltip: { formatter: (p: TAxisParam[]) => string } };
    // Rows are reversed for the horizontal bars: dataIndex 1 is the first item.
    const html = option.tooltip.formatter([{ dataIndex: 1, axisValueLabel: "truncated…", value: 3 }]);
    expect(html).toContain(escapeHtml(long));
    expect(html).not.toContain("<img");
  });

  it("every chart option builds its tooltip with a function (ECharts only escapes {a}/{b} in string templates)", () => {
    type TFormatter = (params: TAxisParam[], ticket: string, callback: () => void) => string;
    const options = [
      countsOption([{ value: IMG, count: 1 }]),
      histogramOption([0, 1, 2], [1, 2], "en"),
      linesOption([{ name: IMG, points: [[1, 0.5]] }]),
      residualOption([[1, 2]], { xName: "predicted", yName: "residual" }),
    ];
    for (const option of options as { tooltip: { formatter: TFormatter } }[]) {
      expect(typeof option.tooltip.formatter).toBe("function");
      // Called the way ECharts calls it: (params, ticket, callback); an item tooltip gets one params object.
      const params = [{ dataIndex: 0, axisValueLabel: IMG, seriesName: IMG, value: [1, 2] }];
      const html = option.tooltip.formatter(params, "axis_ticket", () => {});
      expect(html).not.toContain("<img");
    }
  });
});
