import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { COMMON_LICENSES, SPDX_IDS } from "@/lib/datasets/schemas";
import { loadEnv } from "@/lib/env";
import { PageHeader } from "../../_components/ui/page-header";
import { currentUser } from "../../_server/auth";
import { DatasetForm } from "./dataset-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("datasetForm"))("title") };
}

export default async function NewDatasetPage() {
  if (!(await currentUser())) redirect("/signin?callbackUrl=/datasets/new");
  const t = await getTranslations("datasetForm");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
        <DatasetForm licenses={SPDX_IDS} commonLicenses={COMMON_LICENSES} maxBytes={loadEnv().DATASET_MAX_BYTES} />
      </div>
    </div>
  );
}
