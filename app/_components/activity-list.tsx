import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { listActivity } from "@/lib/activity/queries";
import type { TActivityKind } from "@/lib/activity/mutations";
import { EmptyState } from "./ui/empty-state";

type TPage = Awaited<ReturnType<typeof listActivity>>;

/** Catalogue key per activity kind; a kind written by a newer version renders as "unknown". */
const MESSAGE_KEY: Record<TActivityKind, "userJoined" | "datasetPublished" | "datasetVersioned"> = {
  "user.joined": "userJoined",
  "dataset.published": "datasetPublished",
  "dataset.versioned": "datasetVersioned",
};

type TSubject = { title?: string; owner?: string; slug?: string; number?: number };

/**
 * One feed renderer for the home page and profiles. Older pages are plain links
 * (?cursor=…), so the feed works without JavaScript and pages can be shared.
 */
export async function ActivityList({
  page,
  basePath,
  isFirstPage,
  emptyTitle,
  emptyHint,
}: {
  page: TPage;
  basePath: string;
  isFirstPage: boolean;
  emptyTitle: string;
  emptyHint?: string;
}) {
  const [t, tHome, format] = await Promise.all([getTranslations("activity"), getTranslations("home"), getFormatter()]);
  if (page.items.length === 0 && isFirstPage) return <EmptyState title={emptyTitle} hint={emptyHint} />;
  const now = new Date();
  return (
    <div>
      <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" data-testid="activity-list">
        {page.items.map((item) => {
          const key = MESSAGE_KEY[item.kind as TActivityKind] ?? "unknown";
          return (
            <li key={item.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm">
              <span className="min-w-0 truncate text-stone-700">
                {t.rich(key, {
                  number: (item.subject as TSubject).number ?? "",
                  subject: () => {
                    const s = item.subject as TSubject;
                    return s.owner && s.slug ? (
                      <Link
                        href={`/datasets/${s.owner}/${s.slug}`}
                        className="font-medium text-stone-900 hover:underline"
                      >
                        {s.title}
                      </Link>
                    ) : (
                      s.title
                    );
                  },
                  handle: () => (
                    <Link href={`/u/${item.actor.handle}`} className="font-medium text-stone-900 hover:underline">
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
          );
        })}
      </ul>
      <div className="mt-3 flex justify-between text-sm">
        {isFirstPage ? (
          <span />
        ) : (
          <Link href={basePath} className="text-brand-700 hover:underline">
            {tHome("newestActivity")}
          </Link>
        )}
        {page.nextCursor ? (
          <Link href={`${basePath}?cursor=${page.nextCursor}`} className="text-brand-700 hover:underline" rel="next">
            {tHome("olderActivity")} →
          </Link>
        ) : null}
      </div>
    </div>
  );
}
