import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { formatDuration, formatStat } from "@/lib/format";
import type { listRuns } from "@/lib/runs/queries";
import { Badge } from "../_components/ui/badge";
import { CompareCheckbox } from "../_components/compare-checkbox";
import { CompareSelection } from "../_components/compare-selection";
import { UserText } from "../_components/user-text";

const TONE = { QUEUED: "neutral", RUNNING: "amber", SUCCEEDED: "brand", FAILED: "red", CANCELED: "neutral" } as const;

/** The headline test metric of a run: accuracy (classification) or RMSE (regression), public half. */
function headline(metrics: unknown): string {
  const m = (metrics as { testPublic?: { accuracy?: number; rmse?: number } } | null)?.testPublic;
  if (!m) return "–";
  // formatStat: the one rule for scores, as boards and run pages show them.
  return m.accuracy !== undefined
    ? `acc ${formatStat(m.accuracy)}`
    : m.rmse !== undefined
      ? `rmse ${formatStat(m.rmse)}`
      : "–";
}

/** One runs table for /runs, a dataset's Runs tab and a config's page. */
export async function RunsTable({
  items,
  hide = [],
}: {
  items: Awaited<ReturnType<typeof listRuns>>["items"];
  hide?: ("config" | "dataset")[];
}) {
  const [t, tc, format, locale] = await Promise.all([
    getTranslations("run"),
    getTranslations("compare"),
    getFormatter(),
    getLocale(),
  ]);
  return (
    <CompareSelection button={items.length > 1}>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="runs-table">
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th className="w-8 px-3 py-2">
                <span className="sr-only">{tc("button")}</span>
              </th>
              <th className="px-3 py-2">{t("statusLabel")}</th>
              {hide.includes("config") ? null : <th className="px-3 py-2">{t("config")}</th>}
              {hide.includes("dataset") ? null : <th className="px-3 py-2">{t("dataset")}</th>}
              <th className="px-3 py-2">{t("result")}</th>
              <th className="px-3 py-2">{t("duration")}</th>
              <th className="px-3 py-2">{t("author")}</th>
              <th className="px-3 py-2">{t("queued")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {items.map((r) => (
              <tr key={r.id}>
                <td className="px-3 py-2">
                  <CompareCheckbox runId={r.id} label={tc("selectRun", { run: r.id.slice(-7) })} />
                </td>
                <td className="px-3 py-2">
                  <Link href={`/runs/${r.id}`}>
                    <Badge tone={TONE[r.status]}>{t(`status.${r.status}`)}</Badge>
                  </Link>
                </td>
                {hide.includes("config") ? null : (
                  <td className="px-3 py-2">
                    <Link href={`/runs/${r.id}`} className="font-medium hover:underline">
                      {r.config.title}
                    </Link>{" "}
                    <span className="text-stone-400">r{r.configRevision.number}</span>
                  </td>
                )}
                {hide.includes("dataset") ? null : (
                  <td className="px-3 py-2">
                    <UserText text={r.datasetVersion.dataset.title} />{" "}
                    <span className="text-stone-400">v{r.datasetVersion.number}</span>
                  </td>
                )}
                <td className="px-3 py-2 font-mono text-xs">
                  <Link href={`/runs/${r.id}`} className="hover:underline">
                    {r.status === "RUNNING" ? `${r.epochsDone}/${r.epochsTotal}` : headline(r.metrics)}
                  </Link>
                </td>
                <td className="px-3 py-2 text-xs">
                  {r.finishedAt && r.startedAt
                    ? formatDuration((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000, locale)
                    : "–"}
                </td>
                <td className="px-3 py-2">
                  <Link href={`/u/${r.user.handle}`} className="hover:underline">
                    @{r.user.handle}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-xs text-stone-500">
                  {format.relativeTime(r.queuedAt, new Date())}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </CompareSelection>
  );
}
