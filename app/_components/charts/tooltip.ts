/**
 * ECharts writes tooltip content into `innerHTML` (a fork titled
 * `<img src=x onerror=…>` ran script on the lineage page). Every tooltip in
 * Trainyard is therefore a formatter *function* built with `tooltipHtml`, which
 * escapes every interpolated value. Never pass a string `formatter` made from
 * data: ECharts only escapes the `{a}`/`{b}` placeholders, not the rest.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const TRUSTED = Symbol("trustedMarkup");
type TTrusted = { readonly [TRUSTED]: string };

/** Markup that is already safe: ECharts' own colour markers, or a string `tooltipHtml` returned. */
export function trustedMarkup(html: string): TTrusted {
  return { [TRUSTED]: html };
}

const isTrusted = (v: unknown): v is TTrusted => typeof v === "object" && v !== null && TRUSTED in v;

/** Tagged template: the literal parts are markup, every `${value}` is escaped (arrays: each item). */
export function tooltipHtml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const part = (v: unknown): string =>
    isTrusted(v)
      ? v[TRUSTED]
      : Array.isArray(v)
        ? v.map(part).join("")
        : v === null || v === undefined || v === false
          ? ""
          : escapeHtml(v);
  return strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ""), "");
}

export type TAxisParam = {
  marker?: unknown;
  seriesName?: string;
  axisValueLabel?: string;
  name?: string;
  value?: unknown;
  dataIndex?: number;
};

const shown = (v: unknown) => (typeof v === "number" ? Number(v.toPrecision(5)) : v);

/**
 * Call it from a formatter, never pass it as one: ECharts calls formatters with
 * (params, ticket, callback), and the ticket would land in `header`.
 *
 * An axis tooltip like ECharts' default one (header, then a marker, series name and
 * value per series), built from escaped text. `header` overrides the axis label,
 * e.g. with a category's full name when the axis shows a truncated one.
 */
export function axisTooltip(
  params: TAxisParam | TAxisParam[],
  header?: (first: TAxisParam) => string | undefined,
): string {
  const list = Array.isArray(params) ? params : [params];
  const first = list[0];
  if (!first) return "";
  const title = header?.(first) ?? first.axisValueLabel ?? first.name ?? "";
  const rows = list.map((p) => {
    const value = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
    // Unnamed series get an internal name with a NUL in it; ECharts' default tooltip hides those too.
    const name = p.seriesName && !p.seriesName.includes("\0") ? p.seriesName : "";
    const marker = typeof p.marker === "string" ? trustedMarkup(p.marker) : "";
    return tooltipHtml`<div>${marker}${name}${name ? " " : ""}<b>${shown(value)}</b></div>`;
  });
  return tooltipHtml`<div>${title}</div>${trustedMarkup(rows.join(""))}`;
}

/** ECharts' own words (time-axis month names, toolbox labels) in the page's language: it ships EN and ZH. */
export const echartsLocale = (locale: string) => (locale.startsWith("zh") ? "ZH" : "EN");
