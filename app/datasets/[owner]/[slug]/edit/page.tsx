import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDataset } from "@/lib/datasets/queries";
import { SPDX_IDS } from "@/lib/datasets/schemas";
import { boardMetrics, metricDirection, primaryMetric } from "@/lib/leaderboards/metrics";
import { PageHeader } from "@/app/_components/ui/page-header";
import { currentUser } from "@/app/_server/auth";
import { EditDatasetForm } from "./edit-form";

type TProps = { params: Promise<{ owner: string; slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("datasetForm"))("editTitle") };
}

export default async function EditDatasetPage({ params }: TProps) {
  const { owner, slug } = await params;
  const viewer = await currentUser();
  if (!viewer) redirect(`/signin?callbackUrl=/datasets/${owner}/${slug}/edit`);
  const dataset = await getDataset(owner, slug, viewer);
  // Someone else's dataset: as if it did not exist, like every other owner-only page.
  if (!dataset || dataset.ownerId !== viewer.id) notFound();
  const [t, tm] = await Promise.all([getTranslations("datasetForm"), getTranslations("metrics")]);
  const path = `/datasets/${dataset.owner.handle}/${dataset.slug}`;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("editTitle")} lead={dataset.title} />
      <div className="rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
        <EditDatasetForm
          datasetId={dataset.id}
          path={path}
          licenses={SPDX_IDS}
          metrics={boardMetrics(dataset.taskType).map((m) => ({
            value: m,
            label: `${tm(m)} ${metricDirection(dataset.taskType, m) === "max" ? "↑" : "↓"}`,
          }))}
          initial={{
            title: dataset.title,
            description: dataset.description,
            license: dataset.license,
            citation: dataset.citation,
            tags: dataset.tags.join(", "),
            visibility: dataset.visibility,
            primaryMetric: primaryMetric(dataset),
          }}
        />
      </div>
    </div>
  );
}
