import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TPlacement } from "@/lib/profiles/queries";
import { UserText } from "../../_components/user-text";

/** The user's best places on boards this viewer may see: public scores only. */
export async function Placements({ placements }: { placements: TPlacement[] }) {
  const [t, tm] = await Promise.all([getTranslations("profile"), getTranslations("metrics")]);
  return (
    <section
      aria-labelledby="profile-placements-title"
      className="min-w-0 space-y-3 rounded-lg border border-stone-200 bg-white p-4"
      data-testid="profile-placements"
    >
      <h2 id="profile-placements-title" className="text-lg font-semibold text-stone-900">
        {t("placements.title")}
      </h2>
      {placements.length ? (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-stone-500">
              <tr>
                <th className="py-1 pr-3">{t("placements.rank")}</th>
                <th className="py-1 pr-3">{t("placements.board")}</th>
                <th className="py-1 pr-3">{t("placements.metric")}</th>
                <th className="py-1 text-right">{t("placements.score")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {placements.map((p) => (
                <tr key={p.datasetVersionId}>
                  <td className="whitespace-nowrap py-1.5 pr-3 font-medium text-stone-900">
                    {t("placements.rankOf", { rank: p.rank, entrants: p.entrants })}
                  </td>
                  <td className="py-1.5 pr-3">
                    <Link
                      href={`/leaderboards/${p.dataset.owner}/${p.dataset.slug}?v=${p.version}&metric=${p.metric}`}
                      className="break-words font-medium text-stone-900 hover:underline"
                    >
                      <UserText text={p.dataset.title} />
                    </Link>{" "}
                    <span className="text-stone-400">{t("placements.version", { number: p.version })}</span>
                    {p.competition ? (
                      <span className="block text-xs text-stone-500">
                        <UserText text={p.competition} />
                      </span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap py-1.5 pr-3 text-stone-600">{tm(p.metric)}</td>
                  <td className="py-1.5 text-right font-mono">{formatStat(p.publicScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-stone-500">{t("placements.empty")}</p>
      )}
    </section>
  );
}
