import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { listActivity } from "@/lib/activity/queries";
import { bestPlacements, profileCounts, ZProfileQuery } from "@/lib/profiles/queries";
import { reputationSummary } from "@/lib/reputation/queries";
import { getUserForRequest } from "../../_server/queries";
import { ActivityList } from "../../_components/activity-list";
import { FollowControl } from "../_components/follow-control";
import { currentUser } from "../../_server/auth";
import { Avatar } from "./avatar";
import { Placements } from "./placements";
import { ProfileEditor } from "./profile-editor";
import { ProfileTabList, ProfileTabNav } from "./profile-tabs";
import { ReputationSection } from "./reputation-section";
import { StorageQuota } from "./storage-quota";
import { UserText } from "../../_components/user-text";
import { Report } from "@/app/moderation/_components/report";

type TProps = {
  params: Promise<{ handle: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const user = await getUserForRequest((await params).handle);
  return { title: user ? (user.name ? `${user.name} (@${user.handle})` : `@${user.handle}`) : undefined };
}

export default async function ProfilePage({ params, searchParams }: TProps) {
  const [{ handle }, raw] = await Promise.all([params, searchParams]);
  // A repeated parameter (?tab=a&tab=b) arrives as an array: the first one counts, anything else is the default.
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const { tab, page, cursor } = ZProfileQuery.parse({
    tab: first(raw.tab),
    page: first(raw.page),
    cursor: first(raw.cursor),
  });
  const user = await getUserForRequest(handle);
  if (!user) notFound();
  const viewer = await currentUser();
  const [t, format, summary, placements, counts, activity] = await Promise.all([
    getTranslations("profile"),
    getFormatter(),
    reputationSummary(user.id),
    bestPlacements(user.id, viewer),
    profileCounts(user.id, viewer),
    tab === "activity" ? listActivity({ actorId: user.id, cursor }) : null,
  ]);
  const isSelf = viewer?.id === user.id;
  return (
    // minmax(0, …): a grid track otherwise grows to its longest unbroken line (a truncated activity entry) on a phone.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <aside className="min-w-0 space-y-4">
        <Avatar handle={user.handle} />
        <div className="min-w-0">
          {user.name ? (
            <h1 className="break-words text-2xl font-semibold text-stone-900" data-testid="profile-name">
              <UserText text={user.name} />
            </h1>
          ) : null}
          <p
            className={`break-words ${user.name ? "text-stone-500" : "text-2xl font-semibold text-stone-900"}`}
            data-testid="profile-handle"
          >
            @{user.handle}
          </p>
          {isSelf ? (
            <p className="mt-1 inline-block rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("you")}</p>
          ) : null}
          <div className="mt-2 flex flex-wrap items-start gap-2">
            <FollowControl kind="user" id={user.id} path={`/u/${user.handle}`} />
            <Report kind="USER" targetId={user.id} viewer={viewer} ownerId={user.id} />
          </div>
        </div>
        <p className="text-sm text-stone-600">
          <span className="text-xl font-semibold text-stone-900" data-testid="profile-reputation">
            {format.number(summary.total)}
          </span>{" "}
          {t("reputation.unit")}
        </p>
        <p className="whitespace-pre-line break-words text-sm text-stone-700">
          {user.bio ? <UserText text={user.bio} /> : <span className="text-stone-400">{t("noBio")}</span>}
        </p>
        <p className="text-sm text-stone-500">
          {t("joined", { date: format.dateTime(user.createdAt, { dateStyle: "long" }) })}
        </p>
        {isSelf ? <ProfileEditor name={user.name ?? ""} bio={user.bio} /> : null}
        {isSelf ? <StorageQuota userId={user.id} /> : null}
      </aside>
      <div className="min-w-0 space-y-6">
        <div className="grid grid-cols-[minmax(0,1fr)] gap-6 xl:grid-cols-2">
          <ReputationSection summary={summary} since={user.createdAt} />
          <Placements placements={placements} />
        </div>
        <section aria-labelledby="profile-tabs-title" className="min-w-0 space-y-4">
          <h2 id="profile-tabs-title" className="sr-only">
            {tab === "activity" ? t("activityTitle") : t(`tabs.${tab}`)}
          </h2>
          <ProfileTabNav handle={user.handle} active={tab} counts={counts} />
          {activity ? (
            <ActivityList
              page={activity}
              basePath={`/u/${user.handle}`}
              isFirstPage={!cursor}
              emptyTitle={t("activityEmpty")}
            />
          ) : (
            <ProfileTabList user={user} viewer={viewer} tab={tab as Exclude<typeof tab, "activity">} page={page} />
          )}
        </section>
      </div>
    </div>
  );
}
