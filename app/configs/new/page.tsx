import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { datasetChoices, datasetShapeInfo } from "@/lib/configs/dataset-info";
import { configLimits } from "@/lib/configs/mutations";
import { TEMPLATE_IDS, templateSpec, type TTemplateId } from "@/lib/configs/templates";
import { Button } from "../../_components/ui/button";
import { PageHeader } from "../../_components/ui/page-header";
import { currentUser } from "../../_server/auth";
import { RADIO_CARD } from "../../_components/ui/styles";
import { ImportForm } from "./import-form";
import { NewConfigEditor } from "./new-config-editor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("configNew"))("title") };
}

function decodeImport(value: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export default async function NewConfigPage({
  searchParams,
}: {
  searchParams: Promise<{ template?: string; dataset?: string; import?: string }>;
}) {
  const params = await searchParams;
  const viewer = await currentUser();
  if (!viewer) redirect("/signin?callbackUrl=/configs/new");
  const t = await getTranslations("configNew");
  const choices = await datasetChoices(viewer);
  const dataset = params.dataset ? await datasetShapeInfo(params.dataset, viewer) : null;
  const template = (TEMPLATE_IDS as readonly string[]).includes(params.template ?? "")
    ? (params.template as TTemplateId)
    : null;
  const imported = params.import ? decodeImport(params.import) : null;

  if (template || imported) {
    const outputs = dataset ? (dataset.taskType === "CLASSIFICATION" ? dataset.classes.length : 1) : 2;
    const spec = imported ?? (templateSpec(template!, outputs) as Record<string, unknown>);
    return (
      <div>
        <PageHeader title={t("title")} lead={template ? t(`templates.${template}`) : t("import")} />
        <NewConfigEditor
          initialSpec={spec}
          datasets={choices}
          initialDatasetId={dataset?.versionId ?? null}
          limits={configLimits()}
        />
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageHeader title={t("title")} lead={t("lead")} />
      <form action="/configs/new" className="space-y-4 rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-stone-800">{t("template")}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {TEMPLATE_IDS.map((id, i) => (
              <label key={id} className={RADIO_CARD}>
                <input type="radio" name="template" value={id} defaultChecked={i === 2} className="mt-0.5" />
                <span>
                  <span className="block font-medium">{t(`templates.${id}`)}</span>
                  <span className="block text-xs text-stone-500">{t(`templateHints.${id}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block text-sm font-medium text-stone-800">
          {(await getTranslations("configEditor"))("dataset")}
          <select
            name="dataset"
            defaultValue={params.dataset ?? ""}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
          >
            <option value="">{(await getTranslations("configEditor"))("noDataset")}</option>
            {choices.map((c) => (
              <option key={c.versionId} value={c.versionId}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">{t("start")}</Button>
      </form>
      <div className="rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
        <ImportForm />
      </div>
    </div>
  );
}
