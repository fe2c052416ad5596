import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { canModerate, isAdmin } from "@/lib/permissions/moderation";
import { listReportQueue } from "@/lib/moderation/queue";
import { withRole } from "@/lib/moderation/roles";
import { ZPageQuery } from "@/lib/moderation/schemas";
import { currentUser } from "../_server/auth";
import { Badge } from "../_components/ui/badge";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { UserText } from "../_components/user-text";
import { ModerationNav } from "./_components/moderation-nav";
import { ModeratorTools } from "./_components/moderator-tools";

export const dynamic = "force-dynamic";
type TProps = { searchParams: Promise<{ page?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("moderation");
  return { title: t("queue.title") };
}

/**
 * The moderators' queue: open reports grouped by what they are about, the most recently reported first, each with the
 * reported thing (as the moderator may see it), the reasons and newest texts, and the actions. "Not found" to anyone
 * who is not a moderator (the role read now, not from the session).
 */
export default async function ModerationQueuePage({ searchParams }: TProps) {
  const [viewer, { page: pageParam }] = await Promise.all([currentUser(), searchParams]);
  const moderator = await withRole(viewer);
  if (!canModerate(moderator)) notFound();
  const page = ZPageQuery.parse(pageParam);
  const [queue, t, format] = await Promise.all([
    listReportQueue(moderator, page),
    getTranslations("moderation"),
    getFormatter(),
  ]);
  const now = new Date();

  return (
    <div className="max-w-4xl">
      <PageHeader title={t("queue.title")} lead={t("queue.lead")} />
      <ModerationNav current="queue" admin={isAdmin(moderator)} />
      {queue.items.length === 0 ? (
        <EmptyState title={t("queue.empty")} hint={t("queue.emptyHint")} />
      ) : (
        <ol className="space-y-4" data-testid="report-queue">
          {queue.items.map((item) => {
            const target = item.target;
            return (
              <li
                key={`${item.kind}:${item.targetId}`}
                className="min-w-0 space-y-3 rounded-lg border border-stone-200 bg-white p-4"
                data-testid="report-group"
              >
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone="amber">{t(`kinds.${item.kind}`)}</Badge>
                  <span className="font-medium text-stone-800">{t("queue.reports", { count: item.count })}</span>
                  {item.reasons.map((r) => (
                    <Badge key={r.reason}>
                      {t(`reasons.${r.reason}`)} × {r.count}
                    </Badge>
                  ))}
                  <time dateTime={item.latestAt.toISOString()} className="text-stone-500">
                    {format.relativeTime(item.latestAt, now)}
                  </time>
                </div>
                {target ? (
                  <div className="min-w-0 space-y-1">
                    <p className="flex min-w-0 flex-wrap items-center gap-x-2 text-sm">
                      <Link
                        href={target.href}
                        className="min-w-0 break-words font-medium text-brand-700 hover:underline"
                      >
                        {target.title ? <UserText text={target.title} /> : t("queue.untitled")}
                      </Link>
                      {target.author && target.kind !== "USER" ? (
                        <Link href={`/u/${target.author.handle}`} className="text-stone-600 hover:underline">
                          @{target.author.handle}
                        </Link>
                      ) : null}
                      {target.hidden ? <Badge tone="red">{t("queue.hidden")}</Badge> : null}
                      {target.thread?.locked && target.kind === "THREAD" ? <Badge>{t("queue.locked")}</Badge> : null}
                      {target.thread?.pinned && target.kind === "THREAD" ? <Badge>{t("queue.pinned")}</Badge> : null}
                      {target.author?.suspended ? <Badge tone="red">{t("queue.suspended")}</Badge> : null}
                    </p>
                    {target.excerpt ? (
                      <blockquote
                        className="whitespace-pre-wrap break-words border-l-2 border-stone-200 pl-3 text-sm text-stone-700"
                        data-testid="report-excerpt"
                      >
                        <UserText text={target.excerpt} />
                      </blockquote>
                    ) : null}
                  </div>
                ) : (
                  <p className="text-sm italic text-stone-500">{t("queue.gone")}</p>
                )}
                <ul className="space-y-1 text-sm text-stone-600">
                  {item.reports.map((r) => (
                    <li key={r.id} className="min-w-0 break-words">
                      <span className="font-medium text-stone-700">@{r.reporter}</span> · {t(`reasons.${r.reason}`)}
                      {r.text ? (
                        <>
                          {" "}
                          · <UserText text={r.text} />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
                <ModeratorTools
                  kind={item.kind}
                  targetId={item.targetId}
                  hidden={Boolean(target?.hidden)}
                  thread={target?.kind === "THREAD" ? target.thread : null}
                  author={target?.author && target.author.id !== moderator?.id ? target.author : null}
                  reports
                  path={target?.kind === "POST" || target?.kind === "THREAD" ? target.href.split("#")[0] : undefined}
                />
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={queue.page} pageCount={queue.pageCount} href={(p) => `/moderation?page=${p}`} />
    </div>
  );
}
