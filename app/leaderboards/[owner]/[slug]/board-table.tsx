import { getFormatter, getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TInterval } from "@/lib/leaderboards/intervals";
import type { TBoardRow } from "@/lib/leaderboards/queries";
import { CompareSelection } from "@/app/_components/compare-selection";
import { SoftLinks } from "@/app/_components/soft-links";
import { BoardRows, type TBoardRowView } from "./board-rows";

function signed(n: number) {
  return `${n > 0 ? "+" : n < 0 ? "−" : "±"}${formatStat(Math.abs(n))}`;
}

/**
 * The board. Each row can be ticked for a comparison (CompareSelection).
 *
 * The rows are most of a board page's weight, so they are kept lean: formatted here
 * and laid out by BoardRows (a client component, so the RSC payload carries compact
 * row data rather than a second copy of the markup), plain links navigated by one
 * SoftLinks handler, cell padding set once on the table.
 */
export async function BoardTable({
  rows,
  arrow,
  showPrivate,
  privateSide,
  view,
  viewerId,
}: {
  rows: TBoardRow[];
  arrow: string;
  showPrivate: boolean;
  privateSide: boolean;
  view: "best" | "all";
  viewerId: string | null;
}) {
  const [t, tc, format] = await Promise.all([
    getTranslations("leaderboard"),
    getTranslations("compare"),
    getFormatter(),
  ]);
  const range = (interval: TInterval | null) =>
    interval ? t("interval", { low: formatStat(interval[0]), high: formatStat(interval[1]) }) : null;
  const views: TBoardRowView[] = rows.map((r) => ({
    // A hidden config's run stays unnamed: its page (and a comparison) would show the config.
    runId: r.configTitle !== null ? r.runId : null,
    rank: r.rank,
    tie: r.tie,
    late: r.late,
    mine: r.userId === viewerId,
    handle: r.handle,
    score: formatStat(r.publicScore),
    privateScore: r.privateScore === null ? "–" : formatStat(r.privateScore),
    scoreInterval: range(r.publicInterval),
    privateInterval: r.privateScore === null ? null : range(r.privateInterval),
    nearLeader: r.nearLeader,
    shift: r.shift,
    config: r.configTitle !== null ? { href: `/configs/${r.configOwner}/${r.configSlug}`, title: r.configTitle } : null,
    fork: r.parent
      ? {
          parent: r.parent.title !== null ? `@${r.parent.owner}/${r.parent.slug}` : null,
          gain: r.forkGain === null ? null : signed(r.forkGain),
          gainSign: Math.sign(r.forkGain ?? 0),
        }
      : null,
    ...(r.fineTuned ? { fineTunedFrom: r.baseRunId } : {}),
    submitted: format.dateTime(r.submittedAt, { dateStyle: "medium", timeStyle: "short" }),
    submittedIso: r.submittedAt.toISOString(),
    entries: r.entries,
  }));
  return (
    <CompareSelection>
      <SoftLinks className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table
          className="min-w-full text-left text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2 [&_th]:font-medium [&_a:hover]:underline"
          data-testid="board"
        >
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th className="w-8">
                <span className="sr-only">{tc("button")}</span>
              </th>
              <th>{t("rank")}</th>
              <th>{t("user")}</th>
              <th
                className="whitespace-nowrap text-right"
                aria-sort={privateSide ? undefined : arrow === "↑" ? "descending" : "ascending"}
              >
                {showPrivate ? t("publicScore") : t("score")} <span aria-hidden>{arrow}</span>
              </th>
              {showPrivate ? (
                <th
                  className="whitespace-nowrap text-right"
                  aria-sort={privateSide ? (arrow === "↑" ? "descending" : "ascending") : undefined}
                >
                  {t("privateScore")} <span aria-hidden>{arrow}</span>
                </th>
              ) : null}
              {privateSide && view === "best" ? <th className="text-right">{t("shift")}</th> : null}
              <th>{t("config")}</th>
              <th>{t("run")}</th>
              <th>{t("submitted")}</th>
              {view === "best" ? <th className="text-right">{t("entries")}</th> : null}
            </tr>
          </thead>
          <BoardRows
            rows={views}
            columns={{
              privateScore: showPrivate,
              shift: privateSide && view === "best",
              entries: view === "best",
              anchorMine: view === "best",
            }}
          />
        </table>
      </SoftLinks>
      {rows.some((r) => r.publicInterval || r.privateInterval) ? (
        <p className="mt-2 text-xs text-stone-500" data-testid="interval-legend">
          <span className="font-medium text-stone-700">{t("nearLeader")}</span> · {t("intervalLegend")}
        </p>
      ) : null}
    </CompareSelection>
  );
}
