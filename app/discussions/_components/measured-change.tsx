import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TBoardMetric } from "@/lib/leaderboards/metrics";
import type { TMeasuredChange, TScores } from "@/lib/discussions/measured";
import { LinesChart } from "@/app/_components/charts/charts";
import type { TCurve } from "@/lib/discussions/run-context";

export type { TCurve };

const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${formatStat(Math.abs(n))}`;

/** Metrics of either side, in the catalogue's order, the primary one first. */
function metricsOf(primary: TBoardMetric, ...sides: (TScores | null)[]): TBoardMetric[] {
  const all = new Set<TBoardMetric>();
  for (const side of sides) for (const m of Object.keys(side ?? {}) as TBoardMetric[]) all.add(m);
  return [primary, ...[...all].filter((m) => m !== primary)].filter((m) => all.has(m));
}

/**
 * What an answer's run changed against the asker's run (lib/discussions/measured.ts): the board's primary metric
 * before → after, coloured by whether it improved in that metric's direction, the other public scores side by side
 * (private ones only when the change carries them, i.e. the viewer may see them), and the two validation-loss curves
 * overlaid.
 */
export async function MeasuredChange({
  change,
  curves,
}: {
  change: TMeasuredChange;
  curves: { asker: TCurve; answer: TCurve } | null;
}) {
  const [t, tm] = await Promise.all([getTranslations("measured"), getTranslations("metrics")]);
  const { metric, before, after, improved } = change;
  const delta = before !== null && after !== null ? after - before : null;
  const verdict = delta === null ? null : improved ? "better" : delta === 0 ? "same" : "worse";
  const tone =
    verdict === "better"
      ? "border-emerald-200 bg-emerald-50 text-emerald-800"
      : verdict === "worse"
        ? "border-red-200 bg-red-50 text-red-800"
        : "border-stone-200 bg-stone-50 text-stone-700";
  const table = (title: string, asker: TScores, answer: TScores) => {
    const metrics = metricsOf(metric, asker, answer);
    if (!metrics.length) return null;
    return (
      <div className="min-w-0 overflow-x-auto">
        <table className="w-full min-w-[16rem] text-left text-xs">
          <caption className="mb-1 text-left font-medium text-stone-600">{title}</caption>
          <thead className="text-stone-500">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                {t("metric")}
              </th>
              <th scope="col" className="py-1 pr-2 text-right font-medium">
                {t("askerRun")}
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                {t("answerRun")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {metrics.map((m) => (
              <tr key={m} className={m === metric ? "font-semibold text-stone-900" : "text-stone-700"}>
                <th scope="row" className="py-1 pr-2 font-[inherit]">
                  {tm(m)}
                </th>
                <td className="py-1 pr-2 text-right tabular-nums">
                  {asker[m] !== undefined ? formatStat(asker[m]) : "–"}
                </td>
                <td className="py-1 text-right tabular-nums">
                  {answer[m] !== undefined ? formatStat(answer[m]) : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  };
  const series = curves
    ? [
        { name: t("askerRun"), curve: curves.asker },
        { name: t("answerRun"), curve: curves.answer },
      ].map(({ name, curve }) => ({
        name,
        points: curve.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]),
      }))
    : [];

  return (
    <section
      className="min-w-0 space-y-3 rounded-lg border border-stone-200 bg-white p-3 text-sm"
      aria-label={t("title")}
      data-testid="measured-change"
    >
      <div className={`rounded-md border px-3 py-2 ${tone}`} data-testid="measured-headline" data-verdict={verdict}>
        <p className="text-xs font-medium uppercase tracking-wide opacity-80">{t("title")}</p>
        <p className="break-words text-base font-semibold tabular-nums">
          {before !== null && after !== null
            ? t("headline", { metric: tm(metric), before: formatStat(before), after: formatStat(after) })
            : t("noPrimary", { metric: tm(metric) })}
          {delta !== null ? <span className="ml-1.5 font-normal">({signed(delta)})</span> : null}
        </p>
        {verdict ? (
          <p className="text-xs">
            {t(`verdict.${verdict}`)} · {tm(change.direction === "max" ? "higherBetter" : "lowerBetter")}
          </p>
        ) : null}
      </div>
      {table(t("publicScores"), change.asker.testPublic, change.answer.testPublic)}
      {change.asker.testPrivate && change.answer.testPrivate
        ? table(t("privateScores"), change.asker.testPrivate, change.answer.testPrivate)
        : null}
      {series.some((s) => s.points.length) ? (
        <LinesChart series={series} label={t("curves")} xName={t("epoch")} yName={t("valLoss")} height={180} />
      ) : null}
    </section>
  );
}

/** The badge of an accepted answer whose run beats the asker's on the board's primary metric. */
export async function VerifiedFixBadge() {
  const t = await getTranslations("measured");
  return (
    <span
      className="inline-flex items-center gap-1 rounded bg-emerald-600 px-1.5 py-0.5 text-xs font-semibold text-white"
      title={t("verifiedFixTitle")}
      data-testid="verified-fix"
    >
      <svg viewBox="0 0 16 16" width={12} height={12} aria-hidden="true" fill="currentColor">
        <path d="M6.5 11.2 3.3 8l1.1-1.1 2.1 2.1 5.1-5.1L12.7 5z" />
      </svg>
      {t("verifiedFix")}
    </span>
  );
}
