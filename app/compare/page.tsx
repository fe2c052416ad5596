import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import { COMPARE_MAX, COMPARE_MIN, ZCompareQuery } from "@/lib/leaderboards/schemas";
import { compareRuns } from "@/lib/runs/compare";
import { LinesChart } from "../_components/charts/charts";
import { EmptyState } from "../_components/ui/empty-state";
import { FormAlert } from "../_components/ui/field";
import { PageHeader } from "../_components/ui/page-header";
import { currentUser } from "../_server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("compare"))("title") };
}

type TProps = { searchParams: Promise<{ run?: string | string[]; all?: string }> };

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

export default async function ComparePage({ searchParams }: TProps) {
  const [params, viewer, t, tm] = await Promise.all([
    searchParams,
    currentUser(),
    getTranslations("compare"),
    getTranslations("metrics"),
  ]);
  const ids = ZCompareQuery.safeParse({ run: params.run ?? [] }).data?.run ?? [];
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX) {
    return (
      <div>
        <PageHeader title={t("title")} lead={t("lead")} />
        <EmptyState title={ids.length > COMPARE_MAX ? t("tooMany") : t("tooFew")} hint={t("pickHint")} />
      </div>
    );
  }
  const result = await compareRuns(ids, viewer);
  const showAll = params.all === "1";
  const qs = new URLSearchParams(result.runs.map((r) => ["run", r.id]));
  const toggle = `/compare?${qs}${showAll ? "" : "&all=1"}`;
  const diffRows = showAll ? result.diff : result.diff.filter((d) => d.changed);
  const label = (r: (typeof result.runs)[number]) =>
    `@${r.user.handle} · ${r.config.title} r${r.configRevision.number}`;
  const curves = (pick: (e: { trainLoss: number; valLoss: number | null }) => number | null) =>
    result.runs.map((r) => ({
      name: label(r),
      points: r.epochs.flatMap((e) => {
        const y = pick(e);
        return y === null ? [] : [[e.epoch, y] as [number, number]];
      }),
    }));

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} lead={t("lead")} />
      {result.missing ? <FormAlert>{t("missing", { n: result.missing })}</FormAlert> : null}
      {result.runs.length < COMPARE_MIN ? (
        <EmptyState title={t("tooFew")} hint={t("pickHint")} />
      ) : (
        <>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold text-stone-900">{t("metrics")}</h2>
            <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
              <table className="min-w-full text-left text-sm" data-testid="compare-metrics">
                <thead className="bg-stone-50 text-xs text-stone-500">
                  <tr>
                    <th className="px-3 py-2 font-medium uppercase tracking-wide">{t("metric")}</th>
                    {result.runs.map((r) => (
                      <th key={r.id} className="min-w-36 px-3 py-2 align-bottom font-medium normal-case">
                        <Link href={`/runs/${r.id}`} className="block text-stone-900 hover:underline">
                          {r.config.title} <span className="text-stone-400">r{r.configRevision.number}</span>
                        </Link>
                        <span className="block">
                          @{r.user.handle} · {r.datasetVersion.dataset.title} v{r.datasetVersion.number}
                        </span>
                        <span className="block">
                          {t("seed")} {r.seed}
                          {r.backend ? ` · ${r.backend}` : ""}
                        </span>
                        {/* Fine-tuned or from scratch: what "from scratch vs fine-tuned" curves are told apart by. */}
                        <span className="block" data-testid="compare-origin">
                          {r.baseRunId ? t("fineTuned") : t("fromScratch")}
                        </span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {result.metricRows.map((row) => (
                    <tr key={row.metric}>
                      <th scope="row" className="whitespace-nowrap px-3 py-2 font-medium text-stone-700">
                        {tm(row.metric)}{" "}
                        <span aria-hidden className="text-stone-400">
                          {row.direction === "max" ? "↑" : "↓"}
                        </span>
                      </th>
                      {row.values.map((v, i) => {
                        const best = v !== null && v === row.best;
                        return (
                          <td
                            key={result.runs[i]!.id}
                            className={`px-3 py-2 font-mono tabular-nums ${best ? "bg-brand-50 font-semibold text-brand-700" : ""}`}
                            data-best={best || undefined}
                          >
                            {v === null ? "—" : formatStat(v)}
                            {best ? <span className="sr-only"> ({t("best")})</span> : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="space-y-3">
            <h2 className="text-lg font-semibold text-stone-900">{t("curves")}</h2>
            {result.runs.every((r) => r.epochs.length === 0) ? (
              <p className="text-sm text-stone-500">{t("noCurves")}</p>
            ) : (
              <div className="grid gap-4 lg:grid-cols-2">
                <div className="min-w-0 rounded-lg border border-stone-200 bg-white p-3">
                  <h3 className="mb-1 text-sm font-medium text-stone-700">{t("valLoss")}</h3>
                  <LinesChart label={t("valLoss")} series={curves((e) => e.valLoss)} xName={t("epoch")} height={280} />
                </div>
                <div className="min-w-0 rounded-lg border border-stone-200 bg-white p-3">
                  <h3 className="mb-1 text-sm font-medium text-stone-700">{t("trainLoss")}</h3>
                  <LinesChart
                    label={t("trainLoss")}
                    series={curves((e) => e.trainLoss)}
                    xName={t("epoch")}
                    height={280}
                  />
                </div>
              </div>
            )}
          </section>

          <section className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-lg font-semibold text-stone-900">{t("configDiff")}</h2>
              <Link href={toggle} className="text-sm text-brand-700 hover:underline">
                {showAll ? t("showChanged") : t("showAll")}
              </Link>
            </div>
            {result.sameRevision ? <p className="text-sm text-stone-500">{t("sameConfig")}</p> : null}
            {diffRows.length === 0 ? (
              <p className="text-sm text-stone-500">{t("noDiff")}</p>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
                <table className="min-w-full text-left text-sm" data-testid="compare-diff">
                  <thead className="bg-stone-50 text-xs text-stone-500">
                    <tr>
                      <th className="px-3 py-2 font-medium uppercase tracking-wide">{t("field")}</th>
                      {result.runs.map((r) => (
                        <th key={r.id} className="px-3 py-2 font-medium normal-case">
                          @{r.user.handle} · {r.config.title}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-100 font-mono text-xs">
                    {diffRows.map((d) => (
                      <tr
                        key={d.path}
                        className={d.changed ? "bg-amber-50/50" : undefined}
                        data-changed={d.changed || undefined}
                      >
                        <th
                          scope="row"
                          className="max-w-40 break-all px-3 py-1.5 font-medium text-stone-700 sm:max-w-none sm:whitespace-nowrap sm:break-normal"
                        >
                          {d.path}
                        </th>
                        {d.values.map((v, i) => (
                          <td key={result.runs[i]!.id} className="max-w-64 break-words px-3 py-1.5">
                            {show(v)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
