import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { listActivity } from "@/lib/activity/queries";
import { getUserForRequest } from "../../_server/queries";
import { ActivityList } from "../../_components/activity-list";
import { currentUser } from "../../_server/auth";
import { ProfileEditor } from "./profile-editor";
import { StorageQuota } from "./storage-quota";
import { UserText } from "../../_components/user-text";

type TProps = { params: Promise<{ handle: string }>; searchParams: Promise<{ cursor?: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const user = await getUserForRequest((await params).handle);
  return { title: user ? (user.name ? `${user.name} (@${user.handle})` : `@${user.handle}`) : undefined };
}

export default async function ProfilePage({ params, searchParams }: TProps) {
  const [{ handle }, { cursor }] = await Promise.all([params, searchParams]);
  const user = await getUserForRequest(handle);
  if (!user) notFound();
  const [t, format, viewer, activity] = await Promise.all([
    getTranslations("profile"),
    getFormatter(),
    currentUser(),
    listActivity({ actorId: user.id, cursor }),
  ]);
  const isSelf = viewer?.id === user.id;
  return (
    // minmax(0, …): a grid track otherwise grows to its longest unbroken line (a truncated activity entry) on a phone.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <aside className="space-y-4">
        <div
          aria-hidden
          className="grid h-24 w-24 place-items-center rounded-full bg-brand-100 text-3xl font-semibold uppercase text-brand-700"
        >
          {user.handle.slice(0, 2)}
        </div>
        <div className="min-w-0">
          {user.name ? (
            <h1 className="break-words text-2xl font-semibold text-stone-900" data-testid="profile-name">
              <UserText text={user.name} />
            </h1>
          ) : null}
          <p
            className={user.name ? "text-stone-500" : "text-2xl font-semibold text-stone-900"}
            data-testid="profile-handle"
          >
            @{user.handle}
          </p>
          {isSelf ? (
            <p className="mt-1 inline-block rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("you")}</p>
          ) : null}
        </div>
        <p className="whitespace-pre-line break-words text-sm text-stone-700">
          {user.bio ? <UserText text={user.bio} /> : <span className="text-stone-400">{t("noBio")}</span>}
        </p>
        <p className="text-sm text-stone-500">
          {t("joined", { date: format.dateTime(user.createdAt, { dateStyle: "long" }) })}
        </p>
        {isSelf ? <ProfileEditor name={user.name ?? ""} bio={user.bio} /> : null}
        {isSelf ? <StorageQuota userId={user.id} /> : null}
      </aside>
      <section aria-labelledby="profile-activity">
        <h2 id="profile-activity" className="mb-4 text-lg font-semibold text-stone-900">
          {t("activityTitle")}
        </h2>
        <ActivityList
          page={activity}
          basePath={`/u/${user.handle}`}
          isFirstPage={!cursor}
          emptyTitle={t("activityEmpty")}
        />
      </section>
    </div>
  );
}
