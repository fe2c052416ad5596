import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { datasetChoices, datasetShapeInfo } from "@/lib/configs/dataset-info";
import { fineTuneBase } from "@/lib/configs/fine-tune";
import { fineTuneTemplate } from "@/lib/configs/fine-tune-shapes";
import { configLimits } from "@/lib/configs/mutations";
import { TEMPLATE_IDS, templateFor, templateSpec, type TTemplateId } from "@/lib/configs/templates";
import { PageHeader } from "../../_components/ui/page-header";
import { currentUser } from "../../_server/auth";
import { FineTuneStart } from "./fine-tune-start";
import { ImportForm } from "./import-form";
import { NewConfigEditor } from "./new-config-editor";
import { TemplatePicker } from "./template-picker";

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
  searchParams: Promise<{ template?: string; dataset?: string; import?: string; base?: string }>;
}) {
  const params = await searchParams;
  const viewer = await currentUser();
  if (!viewer) {
    const back =
      typeof params.base === "string" ? `/configs/new?base=${encodeURIComponent(params.base)}` : "/configs/new";
    redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  const t = await getTranslations("configNew");
  const choices = await datasetChoices(viewer);
  const dataset = params.dataset ? await datasetShapeInfo(params.dataset, viewer) : null;

  // "Fine-tune this model" on a run page: pick the dataset, then edit a config built on that run.
  if (typeof params.base === "string") {
    const lookup = await fineTuneBase(params.base, viewer);
    if (lookup.ok && dataset && dataset.kind === lookup.base.kind)
      return (
        <div>
          <PageHeader title={t("fineTuneTitle")} lead={t("fineTuneLead", { label: lookup.base.label })} />
          <NewConfigEditor
            initialSpec={fineTuneTemplate(lookup.base, dataset)}
            datasets={choices}
            initialDatasetId={dataset.versionId}
            limits={configLimits()}
            base={lookup.base}
          />
        </div>
      );
    return (
      <div className="mx-auto max-w-3xl space-y-8">
        <PageHeader
          title={t("fineTuneTitle")}
          lead={lookup.ok ? t("fineTuneLead", { label: lookup.base.label }) : undefined}
        />
        <FineTuneStart lookup={lookup} datasets={choices} />
      </div>
    );
  }
  const template = (TEMPLATE_IDS as readonly string[]).includes(params.template ?? "")
    ? (params.template as TTemplateId)
    : null;
  const imported = params.import ? decodeImport(params.import) : null;
  // A template is built for the chosen dataset; one that cannot fit it (a conv template on a table) is not opened.
  const built = template && dataset && !imported ? templateFor(template, dataset) : null;
  const misfit = built && !built.ok ? built.misfit : null;

  if ((template && !misfit) || imported) {
    const spec = imported ?? ((built?.ok ? built.spec : templateSpec(template!, 2)) as Record<string, unknown>);
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
      {misfit && template && dataset ? (
        <div
          role="alert"
          data-testid="template-misfit"
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <p className="font-medium">
            {t("misfitTitle", { template: t(`templates.${template}`), dataset: dataset.label })}
          </p>
          <p>{t(`misfit.${misfit}`)}</p>
        </div>
      ) : null}
      <TemplatePicker
        datasets={
          // A version from a link (an older one, or one past the picker's list) is offered too.
          dataset && !choices.some((c) => c.versionId === dataset.versionId)
            ? [
                { versionId: dataset.versionId, label: dataset.label, kind: dataset.kind, taskType: dataset.taskType },
                ...choices,
              ]
            : choices
        }
        initialDatasetId={dataset?.versionId ?? null}
        initialTemplate={template}
      />
      <div className="rounded-xl border border-stone-200 bg-white p-4 sm:p-6">
        <ImportForm />
      </div>
    </div>
  );
}
