import Link from "next/link";
import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import { primaryMetric, scoreOf } from "@/lib/leaderboards/metrics";
import type { TViewer } from "@/lib/permissions/visibility";
import {
  profileAnswers,
  profileConfigs,
  profileDatasets,
  profileFollowers,
  profileFollowing,
  profileQuestions,
  profileRuns,
  PROFILE_TABS,
  type TProfileTab,
} from "@/lib/profiles/queries";
import { Badge } from "../../_components/ui/badge";
import { EmptyState } from "../../_components/ui/empty-state";
import { Pagination } from "../../_components/ui/pagination";
import { UserText } from "../../_components/user-text";

type TCounts = Record<Exclude<TProfileTab, "activity">, number>;

const tabHref = (handle: string, tab: TProfileTab, page = 1) =>
  tab === "activity" ? `/u/${handle}` : `/u/${handle}?tab=${tab}${page > 1 ? `&page=${page}` : ""}`;

/** The profile's sections as links (they work without JavaScript and can be shared), with what each holds. */
export async function ProfileTabNav({
  handle,
  active,
  counts,
}: {
  handle: string;
  active: TProfileTab;
  counts: TCounts;
}) {
  const [t, format] = await Promise.all([getTranslations("profile"), getFormatter()]);
  const tabs = PROFILE_TABS;
  return (
    <nav aria-label={t("tabs.label")} className="overflow-x-auto border-b border-stone-200">
      <ul className="flex min-w-max gap-1">
        {tabs.map((tab) => (
          <li key={tab}>
            <Link
              href={tabHref(handle, tab)}
              aria-current={tab === active ? "page" : undefined}
              data-testid={`profile-tab-${tab}`}
              className={`-mb-px inline-flex items-center gap-1.5 whitespace-nowrap border-b-2 px-3 py-2 text-sm ${
                tab === active
                  ? "border-brand-600 font-medium text-stone-900"
                  : "border-transparent text-stone-600 hover:text-stone-900"
              }`}
            >
              {tab === "activity" ? t("activityTitle") : t(`tabs.${tab}`)}
              {tab === "activity" ? null : (
                <span className="rounded-full bg-stone-100 px-1.5 text-xs text-stone-600">
                  {format.number(counts[tab])}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const TONE = { QUEUED: "neutral", RUNNING: "amber", SUCCEEDED: "brand", FAILED: "red", CANCELED: "neutral" } as const;
const row = "flex min-w-0 flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm";
const title = "min-w-0 break-words font-medium text-stone-900 hover:underline";
const meta = "flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-stone-500";

/** One tab's list, 20 a page, as the viewer may see it (lib/profiles/queries.ts). */
export async function ProfileTabList({
  user,
  viewer,
  tab,
  page,
}: {
  user: { id: string; handle: string };
  viewer: TViewer;
  tab: Exclude<TProfileTab, "activity">;
  page: number;
}) {
  const [t, td, tc, tr, tm, format] = await Promise.all([
    getTranslations("profile"),
    getTranslations("datasets"),
    getTranslations("configs"),
    getTranslations("run"),
    getTranslations("metrics"),
    getFormatter(),
  ]);
  const now = new Date();
  const when = (d: Date) => (
    <time dateTime={d.toISOString()} className="whitespace-nowrap">
      {format.relativeTime(d, now)}
    </time>
  );
  const list = (items: ReactNode[], total: number, pageCount: number) =>
    total === 0 ? (
      <EmptyState title={t(`tabs.empty.${tab}`)} />
    ) : (
      <div>
        <ul
          className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white"
          data-testid={`profile-list-${tab}`}
        >
          {items}
        </ul>
        <Pagination page={page} pageCount={pageCount} href={(p) => tabHref(user.handle, tab, p)} />
      </div>
    );

  if (tab === "datasets") {
    const r = await profileDatasets(user.id, viewer, page);
    return list(
      r.items.map((d) => (
        <li key={d.id} className={row}>
          <Link href={`/datasets/${d.owner.handle}/${d.slug}`} className={title}>
            <UserText text={d.title} />
          </Link>
          <span className={meta}>
            {d.visibility === "PUBLIC" ? null : <Badge>{td(`visibility.${d.visibility}`)}</Badge>}
            <span>{td(`task.${d.taskType}`)}</span>
            <span>{td("stars", { count: d.starCount })}</span>
            <span>{t("runCount", { count: d.runCount })}</span>
            {when(d.updatedAt)}
          </span>
        </li>
      )),
      r.total,
      r.pageCount,
    );
  }
  if (tab === "configs") {
    const r = await profileConfigs(user.id, viewer, page);
    return list(
      r.items.map((c) => (
        <li key={c.id} className={row}>
          <Link href={`/configs/${c.owner.handle}/${c.slug}`} className={title}>
            <UserText text={c.title} />
          </Link>
          <span className={meta}>
            {c.visibility === "PUBLIC" ? null : <Badge>{td(`visibility.${c.visibility}`)}</Badge>}
            <span>{td(`task.${c.taskType}`)}</span>
            <span>{t("revisionCount", { count: c.revisionCount })}</span>
            <span>{tc("forks", { count: c.forkCount })}</span>
            {when(c.updatedAt)}
          </span>
        </li>
      )),
      r.total,
      r.pageCount,
    );
  }
  if (tab === "runs") {
    const r = await profileRuns(user.id, viewer, page);
    return list(
      r.items.map((run) => {
        const dataset = run.datasetVersion.dataset;
        const metric = primaryMetric(dataset);
        const score = scoreOf((run.metrics as { testPublic?: Record<string, unknown> } | null)?.testPublic, metric);
        return (
          <li key={run.id} className={row}>
            <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
              <Link href={`/runs/${run.id}`} className={title}>
                <UserText text={run.config.title} />
              </Link>
              <span className="text-stone-400">r{run.configRevision.number}</span>
              <span className="min-w-0 break-words text-stone-600">
                <UserText text={dataset.title} /> <span className="text-stone-400">v{run.datasetVersion.number}</span>
              </span>
            </span>
            <span className={meta}>
              <Badge tone={TONE[run.status]}>{tr(`status.${run.status}`)}</Badge>
              {score === null ? null : (
                <span className="font-mono">
                  {tm(metric)} {formatStat(score)}
                </span>
              )}
              {when(run.queuedAt)}
            </span>
          </li>
        );
      }),
      r.total,
      r.pageCount,
    );
  }
  if (tab === "questions") {
    const r = await profileQuestions(user.id, viewer, page);
    return list(
      r.items.map((q) => (
        <li key={q.id} className={row}>
          <Link href={`/discussions/${q.id}`} className={title}>
            <UserText text={q.title} />
          </Link>
          <span className={meta}>
            {q.acceptedPostId ? <Badge tone="brand">{t("answered")}</Badge> : null}
            <span>{t("replyCount", { count: q.replyCount })}</span>
            <span>{t("voteCount", { count: q.voteCount })}</span>
            {when(q.createdAt)}
          </span>
        </li>
      )),
      r.total,
      r.pageCount,
    );
  }
  if (tab === "followers" || tab === "following") {
    const r =
      tab === "followers"
        ? await profileFollowers(user.id, viewer, page)
        : await profileFollowing(user.id, viewer, page);
    return list(
      r.items.map((f) => {
        const person = "user" in f ? f.user : null;
        const dataset = "dataset" in f ? f.dataset : null;
        return (
          <li key={f.id} className={row} data-testid="profile-follow-row">
            {person ? (
              <span className="flex min-w-0 items-baseline gap-x-2">
                <Link href={`/u/${person.handle}`} className={title}>
                  @{person.handle}
                </Link>
                {person.name ? (
                  <span className="min-w-0 truncate text-stone-600">
                    <UserText text={person.name} />
                  </span>
                ) : null}
              </span>
            ) : dataset ? (
              <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
                <Badge>{t("followKind.dataset")}</Badge>
                <Link href={`/datasets/${dataset.owner.handle}/${dataset.slug}`} className={title}>
                  <UserText text={dataset.title} />
                </Link>
              </span>
            ) : null}
            <span className={meta}>
              {person ? <span>{t("reputationCount", { count: person.reputation })}</span> : null}
              <span>{t("followingSince", { when: format.relativeTime(f.since, now) })}</span>
            </span>
          </li>
        );
      }),
      r.total,
      r.pageCount,
    );
  }
  const r = await profileAnswers(user.id, viewer, page);
  return list(
    r.items.map((a) => (
      <li key={a.id} className={row}>
        <Link href={`/discussions/${a.thread.id}#post-${a.id}`} className={title}>
          <UserText text={a.thread.title} />
        </Link>
        <span className={meta}>
          {a.accepted ? <Badge tone="brand">{t("accepted")}</Badge> : null}
          <span>{t("voteCount", { count: a.voteCount })}</span>
          {when(a.createdAt)}
        </span>
      </li>
    )),
    r.total,
    r.pageCount,
  );
}
