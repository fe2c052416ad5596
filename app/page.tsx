import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { followsAnything, listFollowedFeed, listNotable } from "@/lib/activity/queries";
import { ActivityList } from "./_components/activity-list";
import { ButtonLink } from "./_components/ui/button";
import { currentUser } from "./_server/auth";

export const dynamic = "force-dynamic";

const STEPS = ["datasets", "configs", "runs", "boards"] as const;

const FEEDS = ["following", "everyone"] as const;
type TFeed = (typeof FEEDS)[number];

type TSearch = { cursor?: string | string[]; feed?: string | string[] };

export default async function HomePage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const cursor = first(raw.cursor)?.slice(0, 200);
  const asked = first(raw.feed);
  const [t, user] = await Promise.all([getTranslations("home"), currentUser()]);
  // Signed in: the followed feed, unless they follow nothing yet or asked for everyone's. Visitors: the site's.
  const follows = user ? await followsAnything(user.id) : false;
  const feed: TFeed | null = !user
    ? null
    : FEEDS.includes(asked as TFeed)
      ? (asked as TFeed)
      : follows
        ? "following"
        : "everyone";
  const activity =
    feed === "following" && user ? await listFollowedFeed({ userId: user.id, cursor }) : await listNotable({ cursor });
  const hero = (
    <section className="rounded-2xl border border-stone-200 bg-white px-6 py-10 sm:px-10 sm:py-14">
      <h1 className="max-w-3xl text-3xl font-semibold tracking-tight text-stone-900 sm:text-5xl">{t("heroTitle")}</h1>
      <p className="mt-4 max-w-3xl text-base leading-relaxed text-stone-600 sm:text-lg">{t("heroBody")}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <ButtonLink href="/signup">{t("ctaSignUp")}</ButtonLink>
        <ButtonLink href="/datasets" variant="secondary">
          {t("ctaBrowse")}
        </ButtonLink>
      </div>
    </section>
  );
  const howItWorks = (
    <section aria-labelledby="how">
      <h2 id="how" className="mb-4 text-lg font-semibold text-stone-900">
        {t("howTitle")}
      </h2>
      <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {STEPS.map((step, i) => (
          <li key={step} className="rounded-lg border border-stone-200 bg-white p-5">
            <span className="text-xs font-semibold text-brand-600">{String(i + 1).padStart(2, "0")}</span>
            <h3 className="mt-1 font-medium text-stone-900">{t(`steps.${step}.title`)}</h3>
            <p className="mt-1 text-sm text-stone-600">{t(`steps.${step}.body`)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
  const feedSection = (
    <section aria-labelledby="activity">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="activity" className="text-lg font-semibold text-stone-900">
          {feed === "following" ? t("followingTitle") : t("activityTitle")}
        </h2>
        {feed ? (
          <nav aria-label={t("feedLabel")} className="flex gap-1 text-sm">
            {FEEDS.map((f) => (
              <Link
                key={f}
                href={`/?feed=${f}`}
                aria-current={f === feed ? "page" : undefined}
                data-testid={`feed-${f}`}
                className={`rounded-md px-3 py-1.5 ${
                  f === feed ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-100 hover:text-stone-900"
                }`}
              >
                {t(`feeds.${f}`)}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>
      {feed === "everyone" && !follows ? (
        <p className="mb-3 text-sm text-stone-600" data-testid="follow-hint">
          {t("followHint")}
        </p>
      ) : null}
      <ActivityList
        page={activity}
        basePath="/"
        query={feed ? { feed } : {}}
        isFirstPage={!cursor}
        emptyTitle={feed === "following" ? t("followingEmpty") : t("activityEmpty")}
        emptyHint={feed === "following" ? t("followingEmptyHint") : t("activityEmptyHint")}
      />
    </section>
  );
  // Signed in, one comes for the news: the feed first and no pitch. Visitors get the pitch, then the site's feed.
  return (
    <div className="space-y-12">
      {user ? (
        <>
          {feedSection}
          {howItWorks}
        </>
      ) : (
        <>
          {hero}
          {howItWorks}
          {feedSection}
        </>
      )}
    </div>
  );
}
