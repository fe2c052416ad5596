import { getFormatter, getTranslations } from "next-intl/server";
import { formatBytes } from "@/lib/format";
import { CountsChart } from "@/app/_components/charts/charts";
import { Markdown } from "@/app/_components/markdown";
import type { TDatasetView, TSplitCounts, TVersionView } from "./types";
import { UserText } from "../../../../_components/user-text";
import { ColumnWarningsSummary, ExcludedRowsNotice } from "../data-notices";

const SPLIT_COLORS = {
  train: "bg-brand-600",
  validation: "bg-sky-500",
  testPublic: "bg-amber-500",
  testPrivate: "bg-stone-500",
  excluded: "bg-stone-200",
} as const;

export async function OverviewTab({
  dataset,
  version,
  profileHref,
}: {
  dataset: TDatasetView;
  version: TVersionView;
  profileHref: string;
}) {
  const [t, td, format] = await Promise.all([getTranslations("dataset"), getTranslations("datasets"), getFormatter()]);
  const split = version.splitCounts as TSplitCounts;
  const total = split.train + split.validation + split.testPublic + split.testPrivate + split.excluded;
  // Rows without a target are a part of their own, shown only where there are some.
  const parts = (Object.keys(SPLIT_COLORS) as (keyof TSplitCounts)[]).filter((k) => k !== "excluded" || split[k]);
  const balance = (version.profile as { target?: { classBalance?: { value: string; count: number }[] | null } } | null)
    ?.target?.classBalance;
  const image = version.format as { kind: string; width?: number; height?: number; channels?: number };
  const details: [string, React.ReactNode][] = [
    [t("task"), td(`task.${dataset.taskType}`)],
    [
      t("target"),
      <code key="t" className="font-mono text-xs">
        {version.targetColumn}
      </code>,
    ],
    [t("rows"), format.number(version.rowCount)],
    [t("columns"), format.number(version.columnCount)],
    ...(image.kind === "images"
      ? [
          [
            t("imageFormat"),
            t("imageFormatValue", { width: image.width!, height: image.height!, channels: image.channels! }),
          ] as [string, string],
        ]
      : []),
    [t("size"), formatBytes(Number(version.sizeBytes))],
    [t("license"), dataset.license],
    [t("created"), format.dateTime(version.createdAt, { dateStyle: "medium", timeStyle: "short" })],
    [
      t("sha256"),
      <code key="h" className="break-all font-mono text-xs">
        {version.sha256}
      </code>,
    ],
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-6">
        <section className="rounded-lg border border-stone-200 bg-white p-4 sm:p-6">
          {dataset.description.trim() ? (
            <Markdown>{dataset.description}</Markdown>
          ) : (
            <p className="text-sm text-stone-500">{t("noDescription")}</p>
          )}
          {dataset.citation ? (
            <div className="mt-4 border-t border-stone-100 pt-3 text-sm">
              <h3 className="font-medium text-stone-800">{t("citation")}</h3>
              <p className="mt-1 break-words text-stone-600">{dataset.citation}</p>
            </div>
          ) : null}
        </section>

        <section
          className="rounded-lg border border-stone-200 bg-white p-4 sm:p-6"
          aria-labelledby="split-title"
          data-testid="split"
        >
          <h2 id="split-title" className="font-semibold text-stone-900">
            {t("split")}
          </h2>
          <p className="mt-1 text-sm text-stone-600">{t("splitLead", { seed: version.splitSeed })}</p>
          <div className="mt-3 flex h-3 overflow-hidden rounded-full" aria-hidden>
            {parts.map((k) => (
              <div key={k} className={SPLIT_COLORS[k]} style={{ width: `${(split[k] / total) * 100}%` }} />
            ))}
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            {parts.map((k) => (
              <div key={k}>
                <dt className="flex items-center gap-1.5 text-stone-600">
                  <span className={`inline-block h-2 w-2 rounded-full ${SPLIT_COLORS[k]}`} />
                  {t(`splitNames.${k}`)}
                </dt>
                <dd className="font-medium text-stone-900">
                  {format.number(split[k])}{" "}
                  <span className="font-normal text-stone-500">
                    ({format.number(split[k] / total, { style: "percent", maximumFractionDigits: 1 })})
                  </span>
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-xs text-stone-500">{t("splitPrivateHint")}</p>
          <div className="mt-3 space-y-2">
            <ExcludedRowsNotice version={version} />
            <ColumnWarningsSummary version={version} href={profileHref} />
          </div>
        </section>

        {balance?.length ? (
          <section className="rounded-lg border border-stone-200 bg-white p-4 sm:p-6" aria-labelledby="balance-title">
            <h2 id="balance-title" className="mb-2 font-semibold text-stone-900">
              {t("classBalance")}
            </h2>
            <CountsChart items={balance.slice(0, 30)} label={t("classBalance")} />
          </section>
        ) : null}
      </div>

      <aside className="space-y-4">
        <section className="rounded-lg border border-stone-200 bg-white p-4">
          <h2 className="mb-2 font-semibold text-stone-900">{t("details")}</h2>
          <dl className="space-y-2 text-sm">
            {details.map(([k, v]) => (
              <div key={k} className="grid grid-cols-[6.5rem_1fr] gap-2">
                <dt className="text-stone-500">{k}</dt>
                <dd className="min-w-0 text-stone-900">{v}</dd>
              </div>
            ))}
          </dl>
        </section>
        {dataset.tags.length ? (
          <section className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-2 font-semibold text-stone-900">{t("tags")}</h2>
            <div className="flex flex-wrap gap-2 text-sm">
              {dataset.tags.map((tag) => (
                <a
                  key={tag}
                  href={`/datasets?tag=${encodeURIComponent(tag)}`}
                  className="rounded-full border border-stone-300 px-2 py-0.5 text-stone-700 hover:bg-stone-100"
                >
                  #<UserText text={tag} />
                </a>
              ))}
            </div>
          </section>
        ) : null}
      </aside>
    </div>
  );
}
