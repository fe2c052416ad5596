import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import { scoreOf, type TBoardMetric } from "@/lib/leaderboards/metrics";
import { intervalOf, type TIntervals } from "@/lib/runs/bootstrap";
import type { TClassificationMetrics, TRegressionMetrics } from "@/lib/runs/metrics";
import { LinesChart, ResidualChart } from "../../_components/charts/charts";

type TPart =
  | ({ n: number; ci?: TIntervals } & (
      | (TClassificationMetrics & { roc: { fpr: number[]; tpr: number[] } | null })
      | (TRegressionMetrics & { residuals: [number, number][] })
    ))
  | null;
type TMetrics = { testPublic: TPart; testPrivate: TPart; validation: TPart };

// The same rule as boards and lists (lib/format.ts), so a score reads identically everywhere.
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "–" : formatStat(v));
/** Below this many rows a half's score is shaky: the table says so (public 0.76 against private 0.31 has been seen). */
const FEW_ROWS = 100;
const TEST_PARTS = new Set(["testPublic", "testPrivate"]);
const isClassification = (p: NonNullable<TPart>): p is Extract<NonNullable<TPart>, { confusion: number[][] }> =>
  "confusion" in p;

/**
 * Test-split metrics. The private half's column comes only to viewers who may see it (lib/permissions/hidden-half:
 * the dataset owner, or everyone after the reveal); `getRun` has already removed it for everyone else.
 */
export async function MetricsView({
  metrics,
  classes,
  privateShown,
}: {
  metrics: TMetrics;
  classes: string[];
  privateShown: boolean;
}) {
  const t = await getTranslations("run");
  const parts = (["testPublic", "testPrivate", "validation"] as const).filter((k) => metrics[k]);
  const first = metrics.testPublic ?? metrics.validation;
  if (!first) return null;
  const classification = isClassification(first);
  const rows: TBoardMetric[] = classification
    ? ["accuracy", "f1Macro", "precisionMacro", "recallMacro", "rocAuc", "logLoss"]
    : ["rmse", "mae", "mse", "r2"];
  // Stored metrics are plain JSON: read each score and interval by name, as boards do (old runs have no interval).
  const record = (p: NonNullable<TPart>) => p as unknown as Record<string, unknown>;
  const tests = parts.filter((p) => TEST_PARTS.has(p));
  const hasIntervals = tests.some((p) => metrics[p]!.ci);
  const fewest = Math.min(...tests.map((p) => metrics[p]!.n));
  return (
    <section
      className="min-w-0 space-y-6 rounded-lg border border-stone-200 bg-white p-4"
      aria-labelledby="metrics-title"
    >
      <h2 id="metrics-title" className="font-semibold text-stone-900">
        {t("metricsTitle")}
      </h2>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm" data-testid="metrics-table">
          <thead className="text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th className="py-1 pr-4">{t("metric")}</th>
              {parts.map((p) => (
                <th key={p} className="py-1 pr-4 text-right">
                  {t(`parts.${p}`)} <span className="font-normal normal-case">(n={metrics[p]!.n})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map((metric) => (
              <tr key={metric}>
                <th scope="row" className="py-1.5 pr-4 font-normal">
                  {t(`metrics.${metric}`)}
                </th>
                {parts.map((p) => {
                  const part = metrics[p]!;
                  const ci = TEST_PARTS.has(p) ? intervalOf(record(part), metric) : null;
                  const range = ci ? { low: fmt(ci[0]), high: fmt(ci[1]) } : null;
                  return (
                    <td key={p} className="py-1.5 pr-4 text-right font-mono">
                      <span title={range ? t("ciTitle", { ...range, n: part.n }) : undefined}>
                        {fmt(scoreOf(record(part), metric))}
                      </span>
                      {range ? (
                        <span className="block text-xs text-stone-500" data-testid="metric-interval">
                          {t("ciRange", range)}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasIntervals ? <p className="text-xs text-stone-500">{t("ciNote")}</p> : null}
      {tests.length && fewest < FEW_ROWS ? (
        <p className="text-xs text-amber-700" data-testid="few-rows-note">
          {t("fewRows", { n: fewest })}
        </p>
      ) : null}
      {privateShown ? null : (
        <p className="text-xs text-stone-500" data-testid="private-hidden-note">
          {t("privateHidden")}
        </p>
      )}

      {classification && isClassification(first) ? (
        <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <div>
            <h3 className="mb-2 text-sm font-medium text-stone-800">{t("confusionTitle")}</h3>
            <ConfusionHeatmap
              confusion={first.confusion}
              classes={classes}
              predicted={t("predicted")}
              actual={t("actual")}
            />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-medium text-stone-800">{t("perClass")}</h3>
            <table className="min-w-full text-left text-xs">
              <thead className="text-stone-500">
                <tr>
                  <th className="pr-3">{t("class")}</th>
                  <th className="pr-3 text-right">{t("perClassColumns.precision")}</th>
                  <th className="pr-3 text-right">{t("perClassColumns.recall")}</th>
                  <th className="pr-3 text-right">{t("perClassColumns.f1")}</th>
                  <th className="pr-3 text-right">{t("perClassColumns.rocAuc")}</th>
                  <th className="text-right">n</th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {first.perClass.map((c) => (
                  <tr key={c.label}>
                    <td className="pr-3 font-sans">{c.label}</td>
                    <td className="pr-3 text-right">{fmt(c.precision)}</td>
                    <td className="pr-3 text-right">{fmt(c.recall)}</td>
                    <td className="pr-3 text-right">{fmt(c.f1)}</td>
                    <td className="pr-3 text-right">{fmt(c.rocAuc)}</td>
                    <td className="text-right">{c.support}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {first.roc ? (
              <div className="mt-4">
                <LinesChart
                  series={[
                    {
                      name: t("rocCurve"),
                      points: first.roc.fpr.map((x, i) => [x, first.roc!.tpr[i]!] as [number, number]),
                    },
                    {
                      name: t("chance"),
                      points: [
                        [0, 0],
                        [1, 1],
                      ],
                    },
                  ]}
                  label={t("rocTitle")}
                  xName={t("falsePositiveRate")}
                  yName={t("truePositiveRate")}
                  square
                  height={240}
                />
              </div>
            ) : null}
          </div>
        </div>
      ) : "residuals" in first ? (
        <div>
          <h3 className="mb-2 text-sm font-medium text-stone-800">{t("residualsTitle")}</h3>
          <ResidualChart
            points={first.residuals}
            label={t("residualsTitle")}
            xName={t("predicted")}
            yName={t("residual")}
          />
        </div>
      ) : null}
    </section>
  );
}

/** Rows: actual class; columns: predicted. Colour intensity is the row share, so small classes stay readable. */
function ConfusionHeatmap({
  confusion,
  classes,
  predicted,
  actual,
}: {
  confusion: number[][];
  classes: string[];
  predicted: string;
  actual: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="text-center text-xs" data-testid="confusion-matrix">
        <thead>
          <tr>
            <th className="p-1 text-left text-stone-500">
              {actual} ↓ / {predicted} →
            </th>
            {classes.map((c) => (
              <th key={c} className="p-1 font-medium text-stone-700">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row" className="p-1 text-left font-medium text-stone-700">
                  {classes[i]}
                </th>
                {row.map((n, j) => {
                  const share = n / total;
                  return (
                    <td
                      key={j}
                      className="h-10 min-w-10 border border-white p-1 font-mono"
                      style={{
                        background: `rgba(${i === j ? "31,157,99" : "220,38,38"}, ${0.08 + share * 0.85})`,
                        color: share > 0.55 ? "white" : "#1c1917",
                      }}
                      title={`${classes[i]} → ${classes[j]}: ${n}`}
                    >
                      {n}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
