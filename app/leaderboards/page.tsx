import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import { listBoards, listCompetitions } from "@/lib/leaderboards/queries";
import { sectionMetadata } from "../_components/section-placeholder";
import { Badge } from "../_components/ui/badge";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { UserText } from "../_components/user-text";

export const dynamic = "force-dynamic";
export const generateMetadata = () => sectionMetadata("leaderboards");

export default async function LeaderboardsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const { page } = await searchParams;
  const [ts, t, tc, tm, format, boards, competitions] = await Promise.all([
    getTranslations("sections.leaderboards"),
    getTranslations("leaderboard"),
    getTranslations("competition"),
    getTranslations("metrics"),
    getFormatter(),
    listBoards({ page: Number(page) || 1 }),
    listCompetitions(),
  ]);
  const now = new Date();
  return (
    <div className="space-y-8">
      <PageHeader title={ts("title")} lead={ts("lead")} />
      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-stone-900">{t("competitions")}</h2>
        {competitions.length === 0 ? (
          <p className="text-sm text-stone-500">{t("noCompetitions")}</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="competitions">
            {competitions.map((c) => (
              <li key={c.id} className="rounded-lg border border-stone-200 bg-white p-4">
                <div className="flex items-start justify-between gap-2">
                  <Link
                    href={`/leaderboards/${c.datasetVersion.dataset.owner.handle}/${c.datasetVersion.dataset.slug}?v=${c.datasetVersion.number}`}
                    className="min-w-0 break-words font-medium text-stone-900 hover:underline"
                  >
                    {c.title}
                  </Link>
                  <Badge tone={c.phase === "active" ? "brand" : c.phase === "upcoming" ? "amber" : "neutral"}>
                    {tc(`phase.${c.phase}`)}
                  </Badge>
                </div>
                <p className="mt-1 text-sm text-stone-600">
                  <UserText text={c.datasetVersion.dataset.title} /> v{c.datasetVersion.number} ·{" "}
                  {tm(c.metric as "accuracy")}
                </p>
                <p className="mt-1 text-xs text-stone-500">
                  {c.phase === "upcoming"
                    ? t("starts", { when: format.relativeTime(c.startsAt, now) })
                    : c.phase === "active"
                      ? t("ends", { when: format.relativeTime(c.endsAt, now) })
                      : t("ended", { when: format.relativeTime(c.endsAt, now) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-stone-900">{t("active")}</h2>
        {boards.items.length === 0 ? (
          <EmptyState title={ts("empty")} hint={ts("emptyHint")} />
        ) : (
          <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" data-testid="boards">
            {boards.items.map((b) => (
              <li key={b.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <Link
                    href={`/leaderboards/${b.dataset.owner.handle}/${b.dataset.slug}?v=${b.number}`}
                    className="break-words font-medium text-stone-900 hover:underline"
                  >
                    {b.dataset.title} <span className="text-stone-400">v{b.number}</span>
                  </Link>
                  <p className="text-xs text-stone-500">
                    @{b.dataset.owner.handle} · {tm(b.metric)} {b.direction === "max" ? "↑" : "↓"} ·{" "}
                    {t("entrants", { n: b.entrants })} · {t("scoredRuns", { n: b.scoredRuns })}
                    {b.competition ? (
                      <>
                        {" "}
                        ·{" "}
                        <Badge tone="brand">
                          <UserText text={b.competition.title} />
                        </Badge>
                      </>
                    ) : null}
                  </p>
                </div>
                {b.leader ? (
                  <p className="shrink-0 text-sm text-stone-700">
                    {t("leader", { handle: b.leader.user.handle, score: formatStat(b.leader.publicScore) })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pagination
          page={boards.page}
          pageCount={boards.pageCount}
          href={(p) => (p > 1 ? `/leaderboards?page=${p}` : "/leaderboards")}
        />
      </section>
    </div>
  );
}
