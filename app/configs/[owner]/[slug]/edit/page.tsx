import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { datasetShapeInfo } from "@/lib/configs/dataset-info";
import { configLimits } from "@/lib/configs/mutations";
import { getConfig, getRevision } from "@/lib/configs/queries";
import { PageHeader } from "@/app/_components/ui/page-header";
import { currentUser } from "@/app/_server/auth";
import { ReviseEditor } from "./revise-editor";

type TProps = { params: Promise<{ owner: string; slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("config"))("edit") };
}

export default async function EditConfigPage({ params }: TProps) {
  const { owner, slug } = await params;
  const viewer = await currentUser();
  if (!viewer) redirect(`/signin?callbackUrl=/configs/${owner}/${slug}/edit`);
  const config = await getConfig(owner, slug, viewer);
  if (!config || config.ownerId !== viewer.id) notFound();
  const head = (await getRevision(config.id, config.revisions[0]!.number))!;
  const dataset = config.designedForVersionId ? await datasetShapeInfo(config.designedForVersionId, viewer) : null;
  const t = await getTranslations("config");
  return (
    <div>
      <PageHeader title={`${t("edit")}: ${config.title}`} lead={t("revision", { number: head.number + 1 })} />
      <ReviseEditor
        configId={config.id}
        path={`/configs/${config.owner.handle}/${config.slug}`}
        initialSpec={head.spec as Record<string, unknown>}
        datasets={dataset ? [{ versionId: dataset.versionId, label: dataset.label }] : []}
        initialDatasetId={dataset?.versionId ?? null}
        limits={configLimits()}
      />
    </div>
  );
}
