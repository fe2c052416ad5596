import { getFormatter, getTranslations } from "next-intl/server";
import type { TReputationSummary } from "@/lib/reputation/queries";
import { DAILY_CAP_PER_SOURCE } from "@/lib/reputation/rules";
import { ReputationChart } from "./reputation-chart";

/** Where the user's reputation came from (net points per kind of event) and how it grew. */
export async function ReputationSection({ summary, since }: { summary: TReputationSummary; since: Date }) {
  const [t, format] = await Promise.all([getTranslations("profile"), getFormatter()]);
  const now = new Date();
  return (
    <section
      aria-labelledby="profile-reputation-title"
      className="min-w-0 space-y-3 rounded-lg border border-stone-200 bg-white p-4"
      data-testid="profile-reputation-section"
    >
      <h2 id="profile-reputation-title" className="text-lg font-semibold text-stone-900">
        {t("reputation.title")}
      </h2>
      {summary.history.length ? (
        <>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2" data-testid="reputation-breakdown">
            {summary.breakdown.map((b) => (
              <div key={b.group} className="flex min-w-0 items-baseline justify-between gap-3">
                <dt className="min-w-0 text-stone-600">{t(`reputation.groups.${b.group}`)}</dt>
                <dd
                  className={`shrink-0 font-mono ${b.points ? "text-stone-900" : "text-stone-400"}`}
                  data-testid={`reputation-${b.group}`}
                >
                  {format.number(b.points, { signDisplay: "exceptZero" })}
                </dd>
              </div>
            ))}
          </dl>
          <ReputationChart
            points={summary.history.map((h) => [h.day.getTime(), h.total])}
            since={since.getTime()}
            until={now.getTime()}
            label={t("reputation.chartLabel")}
            seriesName={t("reputation.title")}
          />
        </>
      ) : (
        <p className="text-sm text-stone-500">{t("reputation.empty")}</p>
      )}
      <p className="text-xs text-stone-500">{t("reputation.hint", { cap: DAILY_CAP_PER_SOURCE })}</p>
    </section>
  );
}
