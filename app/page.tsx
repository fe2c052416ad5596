import { getTranslations } from "next-intl/server";
import { listActivity } from "@/lib/activity/queries";
import { ActivityList } from "./_components/activity-list";
import { ButtonLink } from "./_components/ui/button";
import { currentUser } from "./_server/auth";

export const dynamic = "force-dynamic";

const STEPS = ["datasets", "configs", "runs", "boards"] as const;

export default async function HomePage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { cursor } = await searchParams;
  const [t, user, activity] = await Promise.all([getTranslations("home"), currentUser(), listActivity({ cursor })]);
  return (
    <div className="space-y-12">
      <section className="rounded-2xl border border-stone-200 bg-white px-6 py-10 sm:px-10 sm:py-14">
        <h1 className="max-w-3xl text-3xl font-semibold tracking-tight text-stone-900 sm:text-5xl">{t("heroTitle")}</h1>
        <p className="mt-4 max-w-3xl text-base leading-relaxed text-stone-600 sm:text-lg">{t("heroBody")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          {user ? (
            <ButtonLink href={`/u/${user.handle}`}>{t("ctaProfile")}</ButtonLink>
          ) : (
            <ButtonLink href="/signup">{t("ctaSignUp")}</ButtonLink>
          )}
          <ButtonLink href="/datasets" variant="secondary">
            {t("ctaBrowse")}
          </ButtonLink>
        </div>
      </section>

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

      <section aria-labelledby="activity">
        <h2 id="activity" className="mb-4 text-lg font-semibold text-stone-900">
          {t("activityTitle")}
        </h2>
        <ActivityList
          page={activity}
          basePath="/"
          isFirstPage={!cursor}
          emptyTitle={t("activityEmpty")}
          emptyHint={t("activityEmptyHint")}
        />
      </section>
    </div>
  );
}
