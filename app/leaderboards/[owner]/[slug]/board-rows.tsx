"use client";

import { useTranslations } from "next-intl";
import { CompareCheckbox } from "@/app/_components/compare-checkbox";
import { Badge } from "@/app/_components/ui/badge";

/**
 * One board row as the server prepares it: scores and dates already formatted,
 * links already built, so the client only lays them out.
 */
export type TBoardRowView = {
  /** null: the row's config is hidden from this viewer, and so is its run. */
  runId: string | null;
  rank: number | null;
  tie: boolean;
  late: boolean;
  mine: boolean;
  handle: string;
  score: string;
  privateScore: string;
  /** "95 % CI 0.74–0.88", already formatted; null when the run has no interval (evaluated before intervals). */
  scoreInterval: string | null;
  privateInterval: string | null;
  /** Its interval on the side shown overlaps the leader's. */
  nearLeader: boolean;
  /** Places gained (positive) or lost on the private board; null when unknown. */
  shift: number | null;
  /** Null: a private config the viewer may not see. */
  config: { href: string; title: string } | null;
  /** Null when the config is not a fork; `parent` is null when the parent is private. */
  fork: { parent: string | null; gain: string | null; gainSign: number } | null;
  /** A fine-tuned entry: its base run's id when the viewer may open it, else null; undefined when trained from scratch. */
  fineTunedFrom?: string | null;
  submitted: string;
  submittedIso: string;
  entries: number | null;
};

export type TBoardColumns = { privateScore: boolean; shift: boolean; entries: boolean; anchorMine: boolean };

/**
 * A score whose interval shows on hover (title) and on keyboard focus (the hidden text beside it appears): the score is
 * a link, or else focusable itself, and a screen reader reads the interval with the score. `relative`: the hidden
 * text is absolutely positioned, and without a positioned ancestor inside the table's scroll box it widened the whole
 * page on a phone (to the score column's offset).
 */
function Score({ text, interval, href }: { text: string; interval: string | null; href: string | null }) {
  if (!interval) return href ? <a href={href}>{text}</a> : <>{text}</>;
  const body = (
    <>
      {text}
      <span className="sr-only text-xs text-stone-600 group-focus:not-sr-only group-focus:ml-1">{interval}</span>
    </>
  );
  return href ? (
    <a href={href} title={interval} className="group relative" data-testid="score-interval">
      {body}
    </a>
  ) : (
    <span title={interval} tabIndex={0} className="group relative" data-testid="score-interval">
      {body}
    </span>
  );
}

const tone = (sign: number) => (sign > 0 ? "text-brand-700" : sign < 0 ? "text-red-700" : "");

/**
 * The board's rows. A client component for the page's weight, not for interaction:
 * the server renders it to HTML as usual, and the RSC payload carries these compact
 * rows instead of a second copy of every row's element tree, several times larger
 * (sizes in docs/PERFORMANCE.md). Cell padding and link hover come from the table (BoardTable).
 */
export function BoardRows({ rows, columns }: { rows: TBoardRowView[]; columns: TBoardColumns }) {
  const t = useTranslations("leaderboard");
  const tc = useTranslations("compare");
  return (
    <tbody className="divide-y divide-stone-100">
      {rows.map((r, i) => (
        <tr
          key={r.runId ?? `hidden-${i}`}
          id={r.mine && columns.anchorMine ? "me" : undefined}
          className={r.mine ? "bg-brand-50/60" : r.late ? "text-stone-500" : undefined}
          data-testid="board-row"
        >
          <td>
            {r.runId ? <CompareCheckbox runId={r.runId} label={tc("selectRun", { run: r.runId.slice(-7) })} /> : null}
          </td>
          <td className="whitespace-nowrap font-medium tabular-nums">
            {r.rank ?? "–"}
            {r.tie ? (
              <span className="ml-1" title={t("tieHint")}>
                <Badge tone="amber">{t("tie")}</Badge>
              </span>
            ) : null}
            {r.late ? (
              <span className="ml-1">
                <Badge>{t("late")}</Badge>
              </span>
            ) : null}
          </td>
          <td className="whitespace-nowrap">
            <a href={`/u/${r.handle}`}>@{r.handle}</a>
            {r.mine ? <span className="ml-1 text-xs text-brand-700">({t("you")})</span> : null}
          </td>
          <td className="whitespace-nowrap text-right font-mono tabular-nums">
            {r.nearLeader ? (
              <span className="mr-1 font-sans" title={t("nearLeaderHint")} data-testid="near-leader">
                <Badge tone="neutral">{t("nearLeader")}</Badge>
              </span>
            ) : null}
            <Score text={r.score} interval={r.scoreInterval} href={r.runId ? `/runs/${r.runId}` : null} />
          </td>
          {columns.privateScore ? (
            <td className="text-right font-mono tabular-nums">
              <Score text={r.privateScore} interval={r.privateInterval} href={null} />
            </td>
          ) : null}
          {columns.shift ? (
            <td className="whitespace-nowrap text-right text-xs" data-testid="shift">
              {r.shift === null ? (
                "–"
              ) : r.shift > 0 ? (
                <span className="text-brand-700">▲ {t("shiftUp", { n: r.shift })}</span>
              ) : r.shift < 0 ? (
                <span className="text-red-700">▼ {t("shiftDown", { n: -r.shift })}</span>
              ) : (
                <span className="text-stone-500">{t("shiftSame")}</span>
              )}
            </td>
          ) : null}
          <td className="min-w-48">
            {r.config ? (
              <a href={r.config.href} className="font-medium">
                {r.config.title}
              </a>
            ) : (
              <span className="italic text-stone-500">{t("privateConfig")}</span>
            )}
            {r.fineTunedFrom !== undefined ? (
              <span className="block text-xs text-stone-500" data-testid="board-fine-tuned">
                {r.fineTunedFrom ? (
                  <a href={`/runs/${r.fineTunedFrom}`}>{t("fineTunedFrom", { run: r.fineTunedFrom.slice(-7) })}</a>
                ) : (
                  t("fineTuned")
                )}
              </span>
            ) : null}
            {r.fork ? (
              <span className="block text-xs text-stone-500">
                {t("forkOf", { parent: r.fork.parent ?? t("privateConfig") })}
                {r.fork.gain !== null ? (
                  <span className={`ml-1 font-medium ${tone(r.fork.gainSign)}`} data-testid="fork-gain">
                    {t("forkGain", { gain: r.fork.gain })}
                  </span>
                ) : null}
              </span>
            ) : null}
          </td>
          <td className="whitespace-nowrap font-mono text-xs">
            {r.runId ? (
              <a href={`/runs/${r.runId}`} className="text-brand-700">
                #{r.runId.slice(-7)}
              </a>
            ) : (
              <span className="text-stone-400">–</span>
            )}
          </td>
          <td className="whitespace-nowrap text-xs text-stone-500">
            <time dateTime={r.submittedIso}>{r.submitted}</time>
          </td>
          {columns.entries ? <td className="text-right tabular-nums">{r.entries ?? "–"}</td> : null}
        </tr>
      ))}
    </tbody>
  );
}
