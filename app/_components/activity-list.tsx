import Link from "next/link";
import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TActivityItem, TActivityPage } from "@/lib/activity/queries";
import { formatStat } from "@/lib/format";
import { EmptyState } from "./ui/empty-state";
import { UserText } from "./user-text";

/** Catalogue key per activity kind (activity.<key>); a kind written by a newer version renders as "unknown". */
const MESSAGE_KEY = {
  "user.joined": "userJoined",
  "dataset.published": "datasetPublished",
  "dataset.versioned": "datasetVersioned",
  "run.topped": "runTopped",
  "answer.accepted": "answerAccepted",
  "competition.opened": "competitionOpened",
  unknown: "unknown",
} as const satisfies Record<TActivityItem["kind"], string>;

const strong = "font-medium text-stone-900 hover:underline";

/**
 * One feed renderer for the home page and profiles. Older pages are plain links (?cursor=…), so the feed works without
 * JavaScript and pages can be shared; `query` keeps the page's other parameters (the home page's tab).
 */
export async function ActivityList({
  page,
  basePath,
  query = {},
  isFirstPage,
  emptyTitle,
  emptyHint,
  emptyAction,
}: {
  page: TActivityPage;
  basePath: string;
  query?: Record<string, string>;
  isFirstPage: boolean;
  emptyTitle: string;
  emptyHint?: string;
  emptyAction?: ReactNode;
}) {
  const [t, tHome, tMetrics, format] = await Promise.all([
    getTranslations("activity"),
    getTranslations("home"),
    getTranslations("metrics"),
    getFormatter(),
  ]);
  if (page.items.length === 0 && isFirstPage && !page.nextCursor)
    return <EmptyState title={emptyTitle} hint={emptyHint} action={emptyAction} />;
  const now = new Date();
  const href = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...query, ...extra }).toString();
    return params ? `${basePath}?${params}` : basePath;
  };
  const link = (to: { href: string; title: string } | null) =>
    to ? (
      <Link href={to.href} className={strong}>
        <UserText text={to.title} />
      </Link>
    ) : null;
  return (
    <div>
      <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" data-testid="activity-list">
        {page.items.map((item) => (
          <li
            key={item.id}
            className="flex items-baseline justify-between gap-3 px-4 py-3 text-sm"
            data-testid="activity-item"
            data-kind={item.kind}
          >
            <span className="min-w-0 break-words text-stone-700">
              {t.rich(MESSAGE_KEY[item.kind], {
                number: item.number ?? "",
                metric: item.metric ? (tMetrics.has(item.metric) ? tMetrics(item.metric) : item.metric) : "",
                score: item.score === null ? "" : formatStat(item.score),
                dataset: () => link(item.dataset),
                thread: () => link(item.thread),
                run: (chunks) =>
                  item.run ? (
                    <Link href={item.run.href} className={strong}>
                      {chunks}
                    </Link>
                  ) : (
                    chunks
                  ),
                config: () => (item.run ? <UserText text={item.run.configTitle} /> : null),
                handle: () => (
                  <Link href={`/u/${item.actor.handle}`} className={strong}>
                    @{item.actor.handle}
                  </Link>
                ),
              })}
            </span>
            <time
              dateTime={item.createdAt.toISOString()}
              className="shrink-0 text-xs text-stone-500"
              title={format.dateTime(item.createdAt, { dateStyle: "medium", timeStyle: "short" })}
            >
              {format.relativeTime(item.createdAt, now)}
            </time>
          </li>
        ))}
      </ul>
      {page.items.length === 0 ? <p className="mt-3 text-sm text-stone-500">{tHome("pageFiltered")}</p> : null}
      <div className="mt-3 flex justify-between text-sm">
        {isFirstPage ? (
          <span />
        ) : (
          <Link href={href({})} className="text-brand-700 hover:underline">
            {tHome("newestActivity")}
          </Link>
        )}
        {page.nextCursor ? (
          <Link href={href({ cursor: page.nextCursor })} className="text-brand-700 hover:underline" rel="next">
            {tHome("olderActivity")} →
          </Link>
        ) : null}
      </div>
    </div>
  );
}
