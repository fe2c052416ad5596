import { getFormatter, getTranslations } from "next-intl/server";
import type { TTabularProfile } from "@/lib/datasets/ingest";
import { TEXT_SAMPLE_ROWS } from "@/lib/datasets/text-profile";
import { formatStat } from "@/lib/format";
import { CountsChart, HistogramChart } from "@/app/_components/charts/charts";
import { FormAlert } from "@/app/_components/ui/field";
import { ProfileProgress } from "../profile-progress";
import { awaitsDecode } from "../decode-status";
import type { TDatasetView, TVersionView } from "./types";
import { ColumnWarnings } from "../data-notices";
import { TextSummary } from "./text-summary";

type TSchemaRow = {
  name: string;
  type: string;
  /** Set when the uploader chose `type` over the inferred one. */
  inferredType?: string;
  missing: number;
  distinct: number;
  distinctCapped: boolean;
};

export async function ProfileTab({ dataset, version }: { dataset: TDatasetView; version: TVersionView }) {
  const [t, te, format] = await Promise.all([
    getTranslations("dataset"),
    getTranslations("datasetErrors"),
    getFormatter(),
  ]);
  const schema = version.schema as TSchemaRow[];
  const profile = version.profile as TTabularProfile | null;
  const url = `/api/datasets/${dataset.owner.handle}/${dataset.slug}/versions/${version.number}/profile`;
  const byName = new Map((profile?.columns ?? []).map((c) => [c.name, c]));
  const pct = (n: number) =>
    version.rowCount ? `${((n / version.rowCount) * 100).toFixed(n && n / version.rowCount < 0.001 ? 2 : 1)}%` : "0%";

  return (
    <div className="space-y-6">
      {/* An image version still being decoded shows its progress above the tabs (DecodeStatus). */}
      {awaitsDecode(version) ? null : version.profileStatus === "PENDING" || version.profileStatus === "RUNNING" ? (
        <ProfileProgress
          url={url}
          initial={{ status: version.profileStatus, progress: version.profileProgress, error: version.profileError }}
        />
      ) : null}
      {version.profileStatus === "FAILED" && !awaitsDecode(version) ? (
        <FormAlert>
          {t("profileFailed", {
            message: te(
              (version.profileError ?? "profile.failed") as "profile.failed",
              (version.profileErrorValues ?? {}) as Record<string, string>,
            ),
          })}
        </FormAlert>
      ) : null}
      <ColumnWarnings version={version} />

      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="schema-table">
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("schemaColumn")}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("type")}
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                {t("missing")}
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                {t("distinct")}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("summary")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {schema.map((col) => {
              const p = byName.get(col.name);
              return (
                <tr key={col.name} className="align-top">
                  <th scope="row" className="whitespace-nowrap px-3 py-2 font-medium text-stone-900">
                    {col.name}
                    {col.name === version.targetColumn ? (
                      <span className="ml-1.5 rounded bg-brand-50 px-1 text-xs font-normal text-brand-700">
                        {t("target").toLowerCase()}
                      </span>
                    ) : null}
                  </th>
                  <td className="px-3 py-2 text-stone-600">
                    {t(`types.${col.type as "numeric"}`)}
                    {col.inferredType ? (
                      <span className="block whitespace-nowrap text-xs text-stone-400">
                        {t("typeDetected", { type: t(`types.${col.inferredType as "numeric"}`) })}
                      </span>
                    ) : null}
                  </td>
                  <td
                    className={`whitespace-nowrap px-3 py-2 text-right ${col.missing ? "text-amber-700" : "text-stone-400"}`}
                  >
                    {format.number(col.missing)} <span className="text-xs">({pct(col.missing)})</span>
                  </td>
                  <td className="px-3 py-2 text-right text-stone-700">
                    {format.number(col.distinct)}
                    {col.distinctCapped ? "+" : ""}
                  </td>
                  <td className="min-w-[16rem] px-3 py-2">
                    {p?.numeric ? (
                      <div>
                        <p className="text-xs text-stone-600">
                          {t("stats", {
                            min: formatStat(p.numeric.min),
                            mean: formatStat(p.numeric.mean),
                            max: formatStat(p.numeric.max),
                            std: formatStat(p.numeric.std),
                          })}
                        </p>
                        <p className="text-xs text-stone-500">
                          {t("quartiles", {
                            q1: formatStat(p.numeric.quantiles.p25),
                            median: formatStat(p.numeric.quantiles.p50),
                            q3: formatStat(p.numeric.quantiles.p75),
                          })}
                        </p>
                        <HistogramChart
                          edges={p.numeric.histogram.edges}
                          counts={p.numeric.histogram.counts}
                          label={`${col.name}`}
                          height={90}
                        />
                      </div>
                    ) : p?.type === "text" && p.text?.lengthHistogram ? (
                      <TextSummary column={col.name} text={p.text} />
                    ) : p?.top?.length ? (
                      <CountsChart items={p.top.slice(0, 6)} label={col.name} />
                    ) : p?.datetime ? (
                      <p className="text-xs text-stone-600">
                        {t("range", { min: p.datetime.min, max: p.datetime.max })}
                      </p>
                    ) : (
                      <span className="text-xs text-stone-400">–</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {profile ? <p className="text-xs text-stone-500">{t("profileNote")}</p> : null}
      {profile?.columns.some((c) => c.type === "text" && c.text?.topTokens) ? (
        <p className="text-xs text-stone-500">{t("textSampleNote", { rows: TEXT_SAMPLE_ROWS })}</p>
      ) : null}
    </div>
  );
}
