import Link from "next/link";
import type { ReactNode } from "react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { formatDuration, formatStat } from "@/lib/format";
import { METRIC_RANGE, type TBoardMetric } from "@/lib/leaderboards/metrics";
import type { getRunContext } from "@/lib/discussions/run-context";
import { LinesChart } from "@/app/_components/charts/charts";
import { Badge } from "@/app/_components/ui/badge";
import { UserText } from "@/app/_components/user-text";

type TContext = Awaited<ReturnType<typeof getRunContext>>;

export const RUN_TONE = {
  QUEUED: "neutral",
  RUNNING: "amber",
  SUCCEEDED: "brand",
  FAILED: "red",
  CANCELED: "neutral",
} as const;

/** A run's failure in the reader's language: runErrors.<key> when it is one, else the text as stored. */
async function runErrorText(error: string | null): Promise<string | null> {
  if (!error) return null;
  const te = await getTranslations("runErrors");
  const key = error.replace(/^runErrors\./, "") as "infrastructure";
  return te.has(key) ? te(key) : error;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="min-w-0 space-y-2 border-t border-stone-100 pt-3">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-stone-500">{title}</h3>
      {children}
    </section>
  );
}

/** A definition list that wraps long values instead of widening the column. */
function Details({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-stone-500">{term}</dt>
          <dd className="min-w-0 break-words text-stone-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The asked-about run beside a thread: status and failure, the config's key fields, curves, public test scores, the
 * dataset's profile summary, backend, seed, duration and the log tail, so an answerer never has to click away.
 * A compact card for a ~320 px sidebar that also fills a phone's width.
 */
export async function RunContextPanel({ context }: { context: TContext }) {
  if (!context) return null;
  const [t, tr, tm, tl, td, format, locale] = await Promise.all([
    getTranslations("threadContext"),
    getTranslations("run"),
    getTranslations("metrics"),
    getTranslations("configEditor.layerTypes"),
    getTranslations("datasets.task"),
    getFormatter(),
    getLocale(),
  ]);
  const { run, config, dataset, epochs, test } = context;
  const spec = config.spec;
  const profile = dataset.profile;
  const failure = await runErrorText(run.error);
  const metricLabel = tm(context.epochMetric);
  const lossSeries = [
    { name: tr("trainLoss"), points: epochs.map((e) => [e.epoch, e.trainLoss] as [number, number]) },
    {
      name: tr("valLoss"),
      points: epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]),
    },
  ];
  const metricSeries = [
    {
      name: tr("seriesTrain", { metric: metricLabel }),
      points: epochs.filter((e) => e.trainMetric !== null).map((e) => [e.epoch, e.trainMetric!] as [number, number]),
    },
    {
      name: tr("seriesValidation", { metric: metricLabel }),
      points: epochs.filter((e) => e.valMetric !== null).map((e) => [e.epoch, e.valMetric!] as [number, number]),
    },
  ].filter((s) => s.points.length);
  const scoreRows = (scores: Partial<Record<TBoardMetric, number>>) =>
    (Object.entries(scores) as [TBoardMetric, number][]).map(
      ([metric, value]) =>
        [
          tm(metric),
          <span key={metric} className={metric === test.primaryMetric ? "font-semibold" : undefined}>
            {formatStat(value)}
          </span>,
        ] as [string, ReactNode],
    );

  return (
    <aside
      className="min-w-0 space-y-3 rounded-lg border border-stone-200 bg-white p-4 text-sm"
      aria-labelledby="run-context-title"
      data-testid="run-context"
    >
      <header className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="run-context-title" className="font-semibold text-stone-900">
            {t("title")}
          </h2>
          <Link href={run.href} className="text-xs text-brand-700 hover:underline">
            {t("openRun")}
          </Link>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-xs text-stone-600">
          <Badge tone={RUN_TONE[run.status]}>
            <span data-testid="run-context-status">{tr(`status.${run.status}`)}</span>
          </Badge>
          <span>{tr("epochOf", { done: run.epochsDone, total: run.epochsTotal })}</span>
          <Link href={`/u/${run.user}`} className="hover:underline">
            @{run.user}
          </Link>
        </div>
        {failure ? (
          <p
            role="alert"
            className="break-words rounded border border-red-200 bg-red-50 p-2 text-red-800"
            data-testid="run-context-error"
          >
            {failure}
          </p>
        ) : null}
      </header>

      <Section title={t("config")}>
        <p className="min-w-0 break-words">
          <Link href={config.href} className="font-medium text-stone-900 hover:underline">
            <UserText text={config.title} />
          </Link>{" "}
          <span className="text-stone-400">r{config.revision}</span>
        </p>
        {spec ? (
          <Details
            rows={[
              [
                t("model"),
                <>
                  {t("modelLine", { kind: spec.model.kind, count: spec.model.layers.length })}
                  <span className="mt-0.5 block text-xs text-stone-500">
                    {spec.model.layers.map((l, i) => (
                      <span key={i}>
                        {i ? " → " : ""}
                        {tl(l.type)}
                        {l.detail ? (
                          <code className="ml-1 font-mono" translate="no">
                            {l.detail}
                          </code>
                        ) : null}
                      </span>
                    ))}
                  </span>
                </>,
              ],
              [
                t("optimizer"),
                <span key="o" translate="no">
                  {spec.optimizer}
                </span>,
              ],
              [t("learningRate"), String(spec.learningRate)],
              [t("batchSize"), format.number(spec.batchSize)],
              [t("epochs"), format.number(spec.epochs)],
              [
                t("earlyStopping"),
                spec.earlyStopping
                  ? t("earlyStoppingOn", { monitor: spec.earlyStopping.monitor, patience: spec.earlyStopping.patience })
                  : t("off"),
              ],
              [
                t("preprocessing"),
                <code key="p" className="break-all font-mono text-xs" translate="no">
                  {spec.preprocessing}
                </code>,
              ],
            ]}
          />
        ) : null}
        <Link href={config.href} className="inline-block text-xs text-brand-700 hover:underline">
          {t("fullSpec")}
        </Link>
      </Section>

      <Section title={t("curves")}>
        {epochs.length ? (
          <div className="min-w-0 space-y-2">
            <LinesChart series={lossSeries} label={tr("lossChart")} xName={tr("epoch")} height={150} />
            {metricSeries.length ? (
              <LinesChart
                series={metricSeries}
                label={t("metricChart", { metric: metricLabel })}
                xName={tr("epoch")}
                yRange={METRIC_RANGE[context.epochMetric]}
                height={150}
              />
            ) : null}
          </div>
        ) : (
          <p className="text-stone-500">{t("noEpochs")}</p>
        )}
      </Section>

      <Section title={t("testScores")}>
        {Object.keys(test.public).length ? (
          <Details rows={scoreRows(test.public)} />
        ) : (
          <p className="text-stone-500">{t("noScores")}</p>
        )}
        {test.private && Object.keys(test.private).length ? (
          <>
            <p className="text-xs font-medium text-stone-600">{t("privateScores")}</p>
            <Details rows={scoreRows(test.private)} />
          </>
        ) : null}
      </Section>

      <Section title={t("dataset")}>
        <p className="min-w-0 break-words">
          <Link href={dataset.href} className="font-medium text-stone-900 hover:underline">
            <UserText text={dataset.title} />
          </Link>{" "}
          <span className="text-stone-400">v{dataset.version}</span>
        </p>
        <Details
          rows={[
            [t("task"), td(profile.taskType)],
            [t("rows"), format.number(profile.rows)],
            profile.image
              ? [
                  t("images"),
                  t("imageSize", {
                    width: profile.image.width,
                    height: profile.image.height,
                    channels: profile.image.channels,
                  }),
                ]
              : [t("columns"), t("columnsValue", { columns: profile.columns, features: profile.features ?? 0 })],
            [
              t("target"),
              <code key="t" className="break-all font-mono text-xs">
                {profile.target}
              </code>,
            ],
            ...(profile.classCount !== null
              ? [[t("classes"), format.number(profile.classCount)] as [string, string]]
              : []),
            ...(profile.targetRange
              ? [
                  [
                    t("targetRange"),
                    t("rangeValue", {
                      min: formatStat(profile.targetRange.min),
                      max: formatStat(profile.targetRange.max),
                      mean: formatStat(profile.targetRange.mean),
                    }),
                  ] as [string, string],
                ]
              : []),
          ]}
        />
        {profile.classBalance?.length ? (
          <div className="min-w-0">
            <p className="text-xs text-stone-500">{t("classBalance")}</p>
            <ul className="mt-1 flex flex-wrap gap-1 text-xs">
              {profile.classBalance.map((c) => (
                <li key={c.value} className="max-w-full break-words rounded bg-stone-100 px-1.5 py-0.5 text-stone-700">
                  <UserText text={c.value} /> <span className="text-stone-500">{format.number(c.count)}</span>
                </li>
              ))}
              {profile.classCount !== null && profile.classCount > profile.classBalance.length ? (
                <li className="px-1.5 py-0.5 text-stone-500">
                  {t("moreClasses", { count: profile.classCount - profile.classBalance.length })}
                </li>
              ) : null}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section title={t("environment")}>
        <Details
          rows={[
            [
              t("backend"),
              <span key="b" translate="no">
                {run.backend ?? "–"}
              </span>,
            ],
            ...(run.tfjsVersion
              ? [
                  [
                    t("tfjsVersion"),
                    <span key="v" translate="no">
                      {run.tfjsVersion}
                    </span>,
                  ] as [string, ReactNode],
                ]
              : []),
            [t("seed"), String(run.seed)],
            [t("duration"), run.durationSeconds !== null ? formatDuration(run.durationSeconds, locale) : "–"],
          ]}
        />
      </Section>

      {context.log.length || failure ? (
        <Section title={t("log")}>
          <pre
            className="max-h-48 overflow-auto whitespace-pre rounded bg-stone-950 p-2 font-mono text-[11px] leading-relaxed text-stone-200"
            data-testid="run-context-log"
            translate="no"
          >
            {context.log.join("\n")}
            {failure ? (
              <span className="block whitespace-pre-wrap text-red-300">{t("logFailed", { message: failure })}</span>
            ) : null}
          </pre>
        </Section>
      ) : null}
    </aside>
  );
}
