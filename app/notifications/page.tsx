import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import {
  listNotifications,
  unreadCount,
  NOTIFICATION_FILTERS,
  ZNotificationFilter,
  type TNotificationFilter,
  type TNotificationView,
} from "@/lib/notifications";
import { NotificationLink } from "../_components/notification-link";
import { notificationCount, notificationSentence } from "../_components/notification-text";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { UserText } from "../_components/user-text";
import { currentUser } from "../_server/auth";
import { MarkReadButton } from "./mark-read-button";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notificationsPage"))("title") };
}

type TSearch = { filter?: string | string[]; page?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The inbox: the signed-in user's notifications, newest first (a collapsed row moves up with each new event), by
 * filter and page, with mark read per item and for all. Signed out: the sign-in page, then back here.
 */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const [params, viewer] = await Promise.all([searchParams, currentUser()]);
  if (!viewer) redirect("/signin?callbackUrl=/notifications");
  const filter = ZNotificationFilter.parse(first(params.filter));
  const requested = Number(first(params.page));
  const page = Number.isSafeInteger(requested) && requested > 0 ? requested : 1;
  const [list, unread, t, tItem, format] = await Promise.all([
    listNotifications(viewer.id, { filter, page }),
    unreadCount(viewer.id),
    getTranslations("notificationsPage"),
    getTranslations("notifications"),
    getFormatter(),
  ]);
  const href = (f: TNotificationFilter, p = 1) => {
    const qs = new URLSearchParams({ ...(f !== "all" ? { filter: f } : {}), ...(p > 1 ? { page: String(p) } : {}) });
    return qs.size ? `/notifications?${qs}` : "/notifications";
  };
  const now = new Date();

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("title")} lead={t("lead")} actions={<MarkReadButton ids="all" disabled={unread === 0} />} />
      <nav aria-label={t("filterLabel")} className="mb-4 overflow-x-auto" data-testid="notification-filters">
        <ul className="flex gap-1 whitespace-nowrap text-sm">
          {NOTIFICATION_FILTERS.map((f) => (
            <li key={f}>
              <Link
                href={href(f)}
                aria-current={f === filter ? "page" : undefined}
                className={`block rounded-md px-3 py-1.5 ${
                  f === filter
                    ? "bg-brand-50 font-medium text-brand-700"
                    : "text-stone-600 hover:bg-stone-100 hover:text-stone-900"
                }`}
              >
                {t(`filter.${f}`)}
                {f === "unread" && unread > 0 ? (
                  <span className="ml-1.5 rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">
                    {format.number(unread)}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {list.items.length === 0 ? (
        filter === "all" ? (
          <EmptyState title={t("emptyAll")} hint={t("emptyAllHint")} />
        ) : filter === "unread" ? (
          <EmptyState title={t("emptyUnread")} hint={t("emptyUnreadHint")} />
        ) : (
          <EmptyState title={t("emptyFiltered")} />
        )
      ) : (
        <ul
          className="divide-y divide-stone-200 overflow-hidden rounded-lg border border-stone-200 bg-white"
          data-testid="notification-list"
        >
          {list.items.map((n) => (
            <Item
              key={n.id}
              n={n}
              sentence={notificationSentence(tItem, n)}
              count={notificationCount(tItem, n)}
              when={format.relativeTime(n.updatedAt, now)}
              exact={format.dateTime(n.updatedAt, { dateStyle: "medium", timeStyle: "short" })}
              unreadLabel={t("unread")}
            />
          ))}
        </ul>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} href={(p) => href(filter, p)} />
    </div>
  );
}

function Item({
  n,
  sentence,
  count,
  when,
  exact,
  unreadLabel,
}: {
  n: TNotificationView;
  sentence: ReactNode;
  count: string | null;
  when: string;
  exact: string;
  unreadLabel: string;
}) {
  return (
    <li
      className={`flex gap-3 px-4 py-3 ${n.read ? "" : "bg-brand-50/50"}`}
      data-testid="notification"
      data-unread={n.read ? undefined : "true"}
    >
      <span
        aria-hidden
        className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`}
      />
      <div className="min-w-0 flex-1">
        <p className={`break-words text-sm ${n.read ? "text-stone-700" : "text-stone-900"}`}>
          {n.read ? null : <span className="sr-only">{unreadLabel}: </span>}
          {n.subject.href ? (
            <NotificationLink id={n.id} href={n.subject.href} unread={!n.read} className="hover:underline">
              {sentence}
            </NotificationLink>
          ) : (
            sentence
          )}
          {count ? (
            <span className="ml-2 inline-block rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">{count}</span>
          ) : null}
        </p>
        {n.excerpt ? (
          <p className="mt-1 line-clamp-2 break-words text-sm text-stone-600">
            <UserText text={n.excerpt} />
          </p>
        ) : null}
        <p className="mt-1 text-xs text-stone-500">
          <time dateTime={n.updatedAt.toISOString()} title={exact}>
            {when}
          </time>
        </p>
      </div>
      {n.read ? null : (
        <div className="shrink-0">
          <MarkReadButton ids={[n.id]} />
        </div>
      )}
    </li>
  );
}
