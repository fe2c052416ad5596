import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { boardHistory, listBoard, myCompetitionRuns, submissionsLeft, userRank } from "@/lib/leaderboards/queries";
import { BOARD_PAGE_SIZE, ZBoardQuery } from "@/lib/leaderboards/schemas";
import { METRIC_RANGE, metricDirection, primaryMetric } from "@/lib/leaderboards/metrics";
import { formatStat } from "@/lib/format";
import { Badge } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Pagination } from "@/app/_components/ui/pagination";
import { Markdown } from "@/app/_components/markdown";
import { currentUser } from "@/app/_server/auth";
import { getBoardForRequest } from "@/app/_server/queries";
import { VersionSelect } from "@/app/datasets/[owner]/[slug]/version-select";
import {
  DiscussionPanel,
  discussionCounts,
  type TDiscussionThing,
} from "@/app/discussions/_components/discussion-panel";
import { BoardTable } from "../board-table";
import { FinalsForm } from "../finals-form";
import { HistoryChart } from "../history-chart";
import { RevealButton } from "../reveal-button";

export const dynamic = "force-dynamic";

type TProps = {
  params: Promise<{ owner: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: TProps): Promise<Metadata> {
  const [{ owner, slug }, raw, viewer] = await Promise.all([params, searchParams, currentUser()]);
  const query = ZBoardQuery.parse(raw);
  const ctx = await getBoardForRequest(owner, slug, query.v, query.metric, viewer?.id ?? null);
  return { title: ctx ? (await getTranslations("leaderboard"))("title", { dataset: ctx.dataset.title }) : undefined };
}

const PILL = "rounded-full border px-3 py-1 whitespace-nowrap";
const pill = (active: boolean) =>
  `${PILL} ${active ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white hover:bg-stone-50"}`;

export default async function BoardPage({ params, searchParams }: TProps) {
  const [{ owner, slug }, raw, viewer] = await Promise.all([params, searchParams, currentUser()]);
  const query = ZBoardQuery.parse(raw);
  const ctx = await getBoardForRequest(owner, slug, query.v, query.metric, viewer?.id ?? null);
  if (!ctx) notFound();
  const [t, td, tm, tc, format, board, history, myRank] = await Promise.all([
    getTranslations("leaderboard"),
    getTranslations("dataset"),
    getTranslations("metrics"),
    getTranslations("competition"),
    getFormatter(),
    listBoard(ctx, query, viewer),
    boardHistory(ctx.version.id, ctx.metric, viewer),
    viewer ? userRank(ctx.version.id, ctx.metric, viewer.id) : null,
  ]);
  const { dataset, version, competition, phase } = ctx;
  const renderedAt = new Date();
  const latest = dataset.versions[0]!.number;
  const defaultMetric = competition?.metric ?? primaryMetric(dataset);
  const base = `/leaderboards/${dataset.owner.handle}/${dataset.slug}`;
  const href = (next: Partial<{ v: number; metric: string; view: string; side: string; page: number }>) => {
    const merged = { v: version.number, metric: ctx.metric, view: query.view, side: query.side, page: 1, ...next };
    const qs = new URLSearchParams();
    if (merged.v !== latest) qs.set("v", String(merged.v));
    if (merged.metric !== defaultMetric) qs.set("metric", merged.metric);
    if (merged.view !== "best") qs.set("view", merged.view);
    if (merged.side !== "public") qs.set("side", merged.side);
    if (merged.page > 1) qs.set("page", String(merged.page));
    return qs.size ? `${base}?${qs}` : base;
  };
  const boardPath = href({ page: query.page });
  const arrow = ctx.direction === "max" ? "↑" : "↓";
  const [participant, left] = await Promise.all([
    viewer && competition && phase !== "upcoming" ? myCompetitionRuns(competition, viewer.id) : null,
    viewer && competition && phase === "active" ? submissionsLeft(competition, viewer.id) : null,
  ]);
  const myPage = myRank ? Math.ceil(myRank / BOARD_PAGE_SIZE) : null;
  // Threads about this version and its competition. Signed-out copies of this page are cached by a stamp that
  // moves with every change to those threads (migration 20261201220000_thread_board_pages), so the count stays true.
  const thing: TDiscussionThing = { kind: "board", versionId: version.id, competitionId: competition?.id ?? null };
  const [tdisc, discussion] = await Promise.all([getTranslations("discussions"), discussionCounts(thing, viewer)]);

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <p className="text-sm text-stone-500">
          <Link href="/leaderboards" className="hover:underline">
            {t("crumb")}
          </Link>{" "}
          /{" "}
          <Link href={`/datasets/${dataset.owner.handle}/${dataset.slug}`} className="hover:underline">
            @{dataset.owner.handle}/{dataset.slug}
          </Link>
        </p>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">
              {t("title", { dataset: dataset.title })}
            </h1>
            <p className="mt-1 text-sm text-stone-600">
              {tm(ctx.metric)} <span aria-hidden>{arrow}</span> (
              {tm(ctx.direction === "max" ? "higherBetter" : "lowerBetter")}) · {t("rowsOf", { total: board.total })} ·{" "}
              <Link href="#discussion" className="text-brand-700 hover:underline" data-testid="discussion-link">
                {tdisc("tab", { count: discussion.total })}
              </Link>
            </p>
          </div>
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            <VersionSelect
              current={version.number}
              options={dataset.versions.map((v) => ({
                number: v.number,
                href: href({ v: v.number, page: 1 }),
                latest: v.number === latest,
              }))}
              labels={{ version: td("version"), latest: td("latest") }}
            />
            {ctx.isOwner && !competition ? (
              <Link
                href={`${base}/competition?v=${version.number}`}
                className="inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100"
              >
                {t("openCompetition")}
              </Link>
            ) : null}
            {ctx.isOwner && !competition ? (
              <RevealButton datasetVersionId={version.id} boardPath={boardPath} revealed={ctx.privateShown} />
            ) : null}
          </div>
        </div>
      </header>

      {competition ? (
        <section className="rounded-lg border border-brand-100 bg-brand-50/40 p-4" data-testid="competition">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-lg font-semibold text-stone-900">{competition.title}</h2>
            <Badge tone={phase === "active" ? "brand" : phase === "upcoming" ? "amber" : "neutral"}>
              {tc(`phase.${phase!}`)}
            </Badge>
          </div>
          <p className="mt-1 text-sm text-stone-700">
            {tc("window", {
              start: format.dateTime(competition.startsAt, {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: "UTC",
              }),
              end: format.dateTime(competition.endsAt, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
            })}
          </p>
          <p className="text-sm text-stone-700">
            {tc("metric", { metric: tm(competition.metric as "accuracy") })}{" "}
            {tc("limits", {
              daily: competition.dailyLimit,
              total: competition.totalLimit,
              finals: competition.finalLimit,
            })}
          </p>
          {left ? (
            <p className="mt-1 text-sm font-medium text-stone-900" data-testid="submissions-left">
              {tc("left", left)}
            </p>
          ) : null}
          {competition.description ? (
            <div className="prose prose-sm mt-3 max-w-none">
              <Markdown>{competition.description}</Markdown>
            </div>
          ) : null}
          {participant && participant.length > 0 ? (
            <FinalsForm
              competitionId={competition.id}
              boardPath={boardPath}
              limit={competition.finalLimit}
              closed={phase === "ended"}
              runs={participant.map((r) => ({
                runId: r.runId,
                score: formatStat(r.publicScore),
                submitted: format.dateTime(r.submittedAt, { dateStyle: "medium", timeStyle: "short" }),
                chosen: r.chosen,
              }))}
            />
          ) : null}
        </section>
      ) : null}

      <nav aria-label={t("metric")} className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1 text-sm">
        {ctx.metrics.map((m) => (
          <Link
            key={m}
            href={href({ metric: m })}
            className={pill(m === ctx.metric)}
            aria-current={m === ctx.metric ? "page" : undefined}
          >
            {tm(m)} <span aria-hidden>{metricDirection(dataset.taskType, m) === "max" ? "↑" : "↓"}</span>
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link href={href({ view: "best" })} className={pill(query.view === "best")}>
          {t("viewBest")}
        </Link>
        <Link href={href({ view: "all" })} className={pill(query.view === "all")}>
          {t("viewAll")}
        </Link>
        <span className="mx-1 hidden h-5 w-px bg-stone-300 sm:inline-block" aria-hidden />
        <Link href={href({ side: "public" })} className={pill(!board.privateSide)}>
          {t("sidePublic")}
        </Link>
        {ctx.privateShown ? (
          <Link href={href({ side: "private" })} className={pill(board.privateSide)}>
            {t("sidePrivate")}
          </Link>
        ) : null}
        {myPage ? (
          <Link
            href={`${href({ page: myPage, view: "best", side: "public" })}#me`}
            className="ml-auto text-brand-700 hover:underline"
          >
            {t("jumpToMe", { rank: myRank! })}
          </Link>
        ) : null}
      </div>
      {!ctx.privateShown ? (
        <p className="text-sm text-stone-500">
          {competition ? t("privateHidden") : ctx.isOwner ? t("privateHiddenOwner") : t("privateHiddenNoComp")}
        </p>
      ) : null}

      {board.items.length === 0 ? (
        <EmptyState title={competition ? t("emptyCompetition") : t("empty")} hint={t("emptyHint")} />
      ) : (
        <BoardTable
          rows={board.items}
          arrow={arrow}
          showPrivate={ctx.privateShown}
          privateSide={board.privateSide}
          view={query.view}
          viewerId={viewer?.id ?? null}
        />
      )}
      <Pagination page={board.page} pageCount={board.pageCount} href={(p) => href({ page: p })} />

      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-stone-900">{t("history")}</h2>
        {history.length === 0 ? (
          <p className="text-sm text-stone-500">{t("historyEmpty")}</p>
        ) : (
          <>
            <HistoryChart
              label={t("history")}
              until={renderedAt.getTime()}
              range={METRIC_RANGE[ctx.metric]}
              points={history.map((h) => ({ at: h.at.getTime(), score: h.score, handle: h.run.user.handle }))}
            />
            <details className="text-sm">
              <summary className="cursor-pointer text-stone-700">{t("recordRuns")}</summary>
              <ol className="mt-2 space-y-1">
                {[...history]
                  .reverse()
                  .slice(0, 20)
                  .map((h) => (
                    <li key={h.at.toISOString()} className="flex flex-wrap gap-x-2">
                      {h.runId ? (
                        <Link href={`/runs/${h.runId}`} className="font-mono text-brand-700 hover:underline">
                          {formatStat(h.score)}
                        </Link>
                      ) : (
                        <span className="font-mono">{formatStat(h.score)}</span>
                      )}
                      <span>@{h.run.user.handle}</span>
                      <span className="text-stone-500">
                        {format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" })}
                      </span>
                    </li>
                  ))}
              </ol>
            </details>
          </>
        )}
      </section>

      <DiscussionPanel thing={thing} viewer={viewer} />
    </div>
  );
}
