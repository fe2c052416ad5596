import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TBoardRow } from "@/lib/leaderboards/queries";
import { Badge } from "../../../_components/ui/badge";
import { CompareCheckbox, CompareSelection } from "../../../_components/compare-selection";

type TRow = Omit<TBoardRow, "submittedAt"> & { submittedAt: string; submittedIso: string };

function signed(n: number) {
  return `${n > 0 ? "+" : n < 0 ? "−" : "±"}${formatStat(Math.abs(n))}`;
}

/**
 * The board. Each row can be ticked for a comparison (CompareSelection).
 */
export async function BoardTable({ rows, arrow, showPrivate, privateSide, view, viewerId }: { rows: TRow[]; arrow: string; showPrivate: boolean; privateSide: boolean; view: "best" | "all"; viewerId: string | null }) {
  const [t, tc] = await Promise.all([getTranslations("leaderboard"), getTranslations("compare")]);
  const th = "px-3 py-2 font-medium";
  return (
    <CompareSelection>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="board">
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th className={`${th} w-8`}><span className="sr-only">{tc("button")}</span></th>
              <th className={th}>{t("rank")}</th>
              <th className={th}>{t("user")}</th>
              <th className={`${th} whitespace-nowrap text-right`} aria-sort={privateSide ? undefined : arrow === "↑" ? "descending" : "ascending"}>{showPrivate ? t("publicScore") : t("score")} <span aria-hidden>{arrow}</span></th>
              {showPrivate ? <th className={`${th} whitespace-nowrap text-right`} aria-sort={privateSide ? (arrow === "↑" ? "descending" : "ascending") : undefined}>{t("privateScore")} <span aria-hidden>{arrow}</span></th> : null}
              {privateSide && view === "best" ? <th className={`${th} text-right`}>{t("shift")}</th> : null}
              <th className={th}>{t("config")}</th>
              <th className={th}>{t("run")}</th>
              <th className={th}>{t("submitted")}</th>
              {view === "best" ? <th className={`${th} text-right`}>{t("entries")}</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map((r) => {
              const mine = r.userId === viewerId;
              return (
                <tr key={`${r.runId}`} id={mine && view === "best" ? "me" : undefined} className={mine ? "bg-brand-50/60" : r.late ? "text-stone-500" : undefined} data-testid="board-row">
                  <td className="px-3 py-2">
                    <CompareCheckbox runId={r.runId} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-medium tabular-nums">
                    {r.rank ?? "–"}
                    {r.tie ? <span className="ml-1" title={t("tieHint")}><Badge tone="amber">{t("tie")}</Badge></span> : null}
                    {r.late ? <span className="ml-1"><Badge>{t("late")}</Badge></span> : null}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={`/u/${r.handle}`} className="hover:underline">@{r.handle}</Link>
                    {mine ? <span className="ml-1 text-xs text-brand-700">({t("you")})</span> : null}
                  </td>
                  <td className="px-3 py-2 text-right font-mono tabular-nums">
                    {r.configTitle !== null ? <Link href={`/runs/${r.runId}`} className="hover:underline">{formatStat(r.publicScore)}</Link> : formatStat(r.publicScore)}
                  </td>
                  {showPrivate ? <td className="px-3 py-2 text-right font-mono tabular-nums">{r.privateScore === null ? "–" : formatStat(r.privateScore)}</td> : null}
                  {privateSide && view === "best" ? (
                    <td className="whitespace-nowrap px-3 py-2 text-right text-xs" data-testid="shift">
                      {r.shift === null ? "–" : r.shift > 0 ? <span className="text-brand-700">▲ {t("shiftUp", { n: r.shift })}</span> : r.shift < 0 ? <span className="text-red-700">▼ {t("shiftDown", { n: -r.shift })}</span> : <span className="text-stone-500">{t("shiftSame")}</span>}
                    </td>
                  ) : null}
                  <td className="min-w-48 px-3 py-2">
                    {r.configTitle !== null ? (
                      <Link href={`/configs/${r.configOwner}/${r.configSlug}`} className="font-medium hover:underline">{r.configTitle}</Link>
                    ) : (
                      <span className="italic text-stone-500">{t("privateConfig")}</span>
                    )}
                    {r.parent ? (
                      <span className="block text-xs text-stone-500">
                        {t("forkOf", { parent: r.parent.title !== null ? `@${r.parent.owner}/${r.parent.slug}` : t("privateConfig") })}
                        {r.forkGain !== null ? (
                          <span className={`ml-1 font-medium ${r.forkGain > 0 ? "text-brand-700" : r.forkGain < 0 ? "text-red-700" : ""}`} data-testid="fork-gain">
                            {t("forkGain", { gain: signed(r.forkGain) })}
                          </span>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                    {r.configTitle !== null ? <Link href={`/runs/${r.runId}`} className="text-brand-700 hover:underline">#{r.runId.slice(-7)}</Link> : <span className="text-stone-400">#{r.runId.slice(-7)}</span>}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs text-stone-500"><time dateTime={r.submittedIso}>{r.submittedAt}</time></td>
                  {view === "best" ? <td className="px-3 py-2 text-right tabular-nums">{r.entries ?? "–"}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </CompareSelection>
  );
}
