import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TBoardRow } from "@/lib/leaderboards/queries";
import { Badge } from "../../../_components/ui/badge";
import { compareCheckbox, CompareSelection } from "../../../_components/compare-selection";
import { SoftLinks } from "../../../_components/soft-links";

type TRow = Omit<TBoardRow, "submittedAt"> & { submittedAt: string; submittedIso: string };

function signed(n: number) {
  return `${n > 0 ? "+" : n < 0 ? "−" : "±"}${formatStat(Math.abs(n))}`;
}

/**
 * The board. Each row can be ticked for a comparison (CompareSelection).
 *
 * This table is most of a board page's weight (50 rows, each in the HTML and again
 * in the RSC payload), so rows are kept lean: plain links navigated by one SoftLinks
 * handler, cell padding set once on the table, no component per cell.
 */
export async function BoardTable({ rows, arrow, showPrivate, privateSide, view, viewerId }: { rows: TRow[]; arrow: string; showPrivate: boolean; privateSide: boolean; view: "best" | "all"; viewerId: string | null }) {
  const [t, tc] = await Promise.all([getTranslations("leaderboard"), getTranslations("compare")]);
  const labels = { tie: t("tie"), tieHint: t("tieHint"), late: t("late"), you: t("you"), privateConfig: t("privateConfig"), same: t("shiftSame") };
  return (
    <CompareSelection>
      <SoftLinks className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2 [&_th]:font-medium [&_a:hover]:underline" data-testid="board">
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th className="w-8"><span className="sr-only">{tc("button")}</span></th>
              <th>{t("rank")}</th>
              <th>{t("user")}</th>
              <th className="whitespace-nowrap text-right" aria-sort={privateSide ? undefined : arrow === "↑" ? "descending" : "ascending"}>{showPrivate ? t("publicScore") : t("score")} <span aria-hidden>{arrow}</span></th>
              {showPrivate ? <th className="whitespace-nowrap text-right" aria-sort={privateSide ? (arrow === "↑" ? "descending" : "ascending") : undefined}>{t("privateScore")} <span aria-hidden>{arrow}</span></th> : null}
              {privateSide && view === "best" ? <th className="text-right">{t("shift")}</th> : null}
              <th>{t("config")}</th>
              <th>{t("run")}</th>
              <th>{t("submitted")}</th>
              {view === "best" ? <th className="text-right">{t("entries")}</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map((r) => {
              const mine = r.userId === viewerId;
              const visible = r.configTitle !== null;
              return (
                <tr key={r.runId} id={mine && view === "best" ? "me" : undefined} className={mine ? "bg-brand-50/60" : r.late ? "text-stone-500" : undefined} data-testid="board-row">
                  <td>{compareCheckbox(tc, r.runId)}</td>
                  <td className="whitespace-nowrap font-medium tabular-nums">
                    {r.rank ?? "–"}
                    {r.tie ? <span className="ml-1" title={labels.tieHint}><Badge tone="amber">{labels.tie}</Badge></span> : null}
                    {r.late ? <span className="ml-1"><Badge>{labels.late}</Badge></span> : null}
                  </td>
                  <td className="whitespace-nowrap">
                    <a href={`/u/${r.handle}`}>@{r.handle}</a>
                    {mine ? <span className="ml-1 text-xs text-brand-700">({labels.you})</span> : null}
                  </td>
                  <td className="text-right font-mono tabular-nums">{visible ? <a href={`/runs/${r.runId}`}>{formatStat(r.publicScore)}</a> : formatStat(r.publicScore)}</td>
                  {showPrivate ? <td className="text-right font-mono tabular-nums">{r.privateScore === null ? "–" : formatStat(r.privateScore)}</td> : null}
                  {privateSide && view === "best" ? (
                    <td className="whitespace-nowrap text-right text-xs" data-testid="shift">
                      {r.shift === null ? "–" : r.shift > 0 ? <span className="text-brand-700">▲ {t("shiftUp", { n: r.shift })}</span> : r.shift < 0 ? <span className="text-red-700">▼ {t("shiftDown", { n: -r.shift })}</span> : <span className="text-stone-500">{labels.same}</span>}
                    </td>
                  ) : null}
                  <td className="min-w-48">
                    {visible ? <a href={`/configs/${r.configOwner}/${r.configSlug}`} className="font-medium">{r.configTitle}</a> : <span className="italic text-stone-500">{labels.privateConfig}</span>}
                    {r.parent ? (
                      <span className="block text-xs text-stone-500">
                        {t("forkOf", { parent: r.parent.title !== null ? `@${r.parent.owner}/${r.parent.slug}` : labels.privateConfig })}
                        {r.forkGain !== null ? (
                          <span className={`ml-1 font-medium ${r.forkGain > 0 ? "text-brand-700" : r.forkGain < 0 ? "text-red-700" : ""}`} data-testid="fork-gain">
                            {t("forkGain", { gain: signed(r.forkGain) })}
                          </span>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap font-mono text-xs">
                    {visible ? <a href={`/runs/${r.runId}`} className="text-brand-700">#{r.runId.slice(-7)}</a> : <span className="text-stone-400">#{r.runId.slice(-7)}</span>}
                  </td>
                  <td className="whitespace-nowrap text-xs text-stone-500"><time dateTime={r.submittedIso}>{r.submittedAt}</time></td>
                  {view === "best" ? <td className="text-right tabular-nums">{r.entries ?? "–"}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </SoftLinks>
    </CompareSelection>
  );
}
