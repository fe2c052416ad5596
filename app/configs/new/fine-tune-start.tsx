import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { TBaseLookup } from "@/lib/configs/fine-tune-shapes";

/**
 * The first step of "Fine-tune this model": which dataset the new head learns. Only datasets of the base's kind are
 * offered (a table's model cannot read images); a base that cannot be used says why.
 */
export async function FineTuneStart({
  lookup,
  datasets,
}: {
  lookup: TBaseLookup;
  datasets: { versionId: string; label: string; kind: string }[];
}) {
  const t = await getTranslations("configNew");
  if (!lookup.ok)
    return (
      <div
        role="alert"
        data-testid="fine-tune-base-error"
        className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
      >
        <p>{t(`fineTuneBase.${lookup.reason}`)}</p>
        <Link href="/runs" className="mt-1 inline-block text-brand-700 hover:underline">
          {t("fineTuneBrowseRuns")}
        </Link>
      </div>
    );
  const fitting = datasets.filter((d) => d.kind === lookup.base.kind);
  return (
    <form
      method="get"
      action="/configs/new"
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-4 sm:p-6"
    >
      <input type="hidden" name="base" value={lookup.base.runId} />
      <label className="block text-sm font-medium text-stone-800">
        {t("fineTuneDataset")}
        <select
          name="dataset"
          required
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-2 py-2 text-sm font-normal"
        >
          {fitting.map((d) => (
            <option key={d.versionId} value={d.versionId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <p className="text-sm text-stone-600">{t("fineTuneDatasetHint")}</p>
      <button
        type="submit"
        className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("fineTuneContinue")}
      </button>
    </form>
  );
}
