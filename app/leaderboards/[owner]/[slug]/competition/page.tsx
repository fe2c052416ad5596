import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getBoardContext } from "@/lib/leaderboards/queries";
import { PageHeader } from "@/app/_components/ui/page-header";
import { currentUser } from "@/app/_server/auth";
import { CompetitionForm } from "./competition-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("competition"))("newTitle") };
}

type TProps = { params: Promise<{ owner: string; slug: string }>; searchParams: Promise<{ v?: string }> };

/** Owner-only: open a competition on one version of the dataset. */
export default async function NewCompetitionPage({ params, searchParams }: TProps) {
  const [{ owner, slug }, { v }, viewer] = await Promise.all([params, searchParams, currentUser()]);
  if (!viewer) redirect(`/signin?callbackUrl=/leaderboards/${owner}/${slug}/competition`);
  const ctx = await getBoardContext({ owner, slug, version: Number(v) || undefined }, viewer);
  if (!ctx || !ctx.isOwner) notFound();
  const [t, tm] = await Promise.all([getTranslations("competition"), getTranslations("metrics")]);
  const base = `/leaderboards/${ctx.dataset.owner.handle}/${ctx.dataset.slug}`;
  const now = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 16);
  const versions = ctx.dataset.versions.filter((x) => !x.competition);
  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-2 text-sm text-stone-500">
        <Link href={base} className="hover:underline">
          ← {ctx.dataset.title}
        </Link>
      </p>
      <PageHeader title={t("newTitle")} lead={t("newLead")} />
      <CompetitionForm
        boardPath={base}
        versions={versions.map((x) => ({ id: x.id, label: `v${x.number}`, selected: x.id === ctx.version.id }))}
        metrics={ctx.metrics.map((m) => ({ value: m, label: tm(m) }))}
        initial={{
          title: t("defaultTitle", { dataset: ctx.dataset.title }),
          description: "",
          metric: ctx.metric,
          startsAt: iso(now),
          endsAt: iso(new Date(now.getTime() + 14 * 24 * 3600_000)),
          dailyLimit: "5",
          totalLimit: "50",
          finalLimit: "2",
        }}
      />
    </div>
  );
}
