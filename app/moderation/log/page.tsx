import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { canModerate, isAdmin } from "@/lib/permissions/moderation";
import { listActions } from "@/lib/moderation/queue";
import { withRole } from "@/lib/moderation/roles";
import { ZPageQuery } from "@/lib/moderation/schemas";
import { currentUser } from "../../_server/auth";
import { EmptyState } from "../../_components/ui/empty-state";
import { PageHeader } from "../../_components/ui/page-header";
import { Pagination } from "../../_components/ui/pagination";
import { UserText } from "../../_components/user-text";
import { ModerationNav } from "../_components/moderation-nav";

export const dynamic = "force-dynamic";
type TProps = { searchParams: Promise<{ page?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("moderation");
  return { title: t("log.title") };
}

/** Where a logged target lives, for a link (a post: its permalink needs the thread, so the log links threads only). */
function targetHref(kind: string, id: string): string | null {
  if (kind === "THREAD") return `/discussions/${id}`;
  return null;
}

/** The audit log: every moderator and admin action, newest first. Moderators only ("not found" to others). */
export default async function ModerationLogPage({ searchParams }: TProps) {
  const [viewer, { page: pageParam }] = await Promise.all([currentUser(), searchParams]);
  const moderator = await withRole(viewer);
  if (!canModerate(moderator)) notFound();
  const page = ZPageQuery.parse(pageParam);
  const [log, t, format] = await Promise.all([
    listActions(moderator, page),
    getTranslations("moderation"),
    getFormatter(),
  ]);

  return (
    <div className="max-w-4xl">
      <PageHeader title={t("log.title")} lead={t("log.lead")} />
      <ModerationNav current="log" admin={isAdmin(moderator)} />
      {log.items.length === 0 ? (
        <EmptyState title={t("log.empty")} />
      ) : (
        <ol
          className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white"
          data-testid="moderation-log"
        >
          {log.items.map((a) => {
            const href = targetHref(a.targetKind, a.targetId);
            return (
              <li key={a.id} className="min-w-0 space-y-0.5 px-4 py-3 text-sm" data-testid="log-entry">
                <p className="flex min-w-0 flex-wrap items-center gap-x-2">
                  <span className="font-medium text-stone-800">
                    {a.moderator ? `@${a.moderator.handle}` : t("log.formerModerator")}
                  </span>
                  <span className="text-stone-700">{t(`log.actions.${a.action}`)}</span>
                  <span className="text-stone-600">{t(`kinds.${a.targetKind}`)}</span>
                  {href ? (
                    <Link href={href} className="break-all font-mono text-xs text-brand-700 hover:underline">
                      {a.targetId}
                    </Link>
                  ) : (
                    <span className="break-all font-mono text-xs text-stone-500">{a.targetId}</span>
                  )}
                  <time dateTime={a.createdAt.toISOString()} className="text-stone-500">
                    {format.dateTime(a.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                </p>
                {a.reason ? (
                  <p className="break-words text-stone-600">
                    {t("log.reason")} <UserText text={a.reason} />
                  </p>
                ) : null}
                {a.details.role ? (
                  <p className="text-stone-600">
                    {t("log.role", { role: t(`admin.roles.${a.details.role as "USER"}`) })}
                  </p>
                ) : null}
                {a.details.until ? (
                  <p className="text-stone-600">
                    {t("log.until", { until: format.dateTime(new Date(a.details.until), { dateStyle: "medium" }) })}
                  </p>
                ) : null}
                {a.details.originalId ? (
                  <p className="text-stone-600">
                    {t("log.original")}{" "}
                    <Link href={`/discussions/${a.details.originalId}`} className="font-mono text-xs text-brand-700">
                      {a.details.originalId}
                    </Link>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={log.page} pageCount={log.pageCount} href={(p) => `/moderation/log?page=${p}`} />
    </div>
  );
}
