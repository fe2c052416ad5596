import { getFormatter, getTranslations } from "next-intl/server";
import { sampleIndicesByClass } from "@/lib/datasets/images";
import { getSplitAssignments } from "@/lib/datasets/queries";
import { SPLIT } from "@/lib/datasets/split";
import { PREVIEW_MAX_ROWS, previewRows } from "@/lib/datasets/preview";
import { getBlobStore } from "@/lib/storage";
import { Pagination } from "@/app/_components/ui/pagination";
import type { TDatasetView, TVersionView } from "./types";
import { ExcludedRowsNotice } from "../data-notices";

/** By split code (lib/datasets/split.ts SPLIT). */
const SPLIT_KEYS = ["train", "validation", "testPublic", "testPrivate", "excluded"] as const;

type TProps = {
  dataset: TDatasetView;
  version: TVersionView;
  page: number;
  href: (page: number) => string;
  hidePrivate: boolean;
};

/** Rows (or images) of a version; the private test half's only for those who may see it (lib/permissions/hidden-half). */
export async function DataTab({ dataset, version, page, href, hidePrivate }: TProps) {
  const [t, format] = await Promise.all([getTranslations("dataset"), getFormatter()]);
  const hiddenNote = hidePrivate ? (
    <p className="text-sm text-stone-600" data-testid="private-rows-hidden">
      {t("privateRowsHidden")}
    </p>
  ) : null;
  if (version.dataKey) {
    const assignments = hidePrivate ? await getSplitAssignments(version.id) : null;
    const groups = await sampleIndicesByClass(
      await getBlobStore().localPath(version.dataKey),
      12,
      (i) => assignments?.[i] === SPLIT.TEST_PRIVATE,
    );
    const base = `/api/datasets/${dataset.owner.handle}/${dataset.slug}/versions/${version.number}/images`;
    return (
      <section aria-label={t("imagesPerClass")} className="space-y-6" data-testid="image-grid">
        <p className="text-sm text-stone-600">{t("imagesPerClass")}</p>
        {hiddenNote}
        {groups.map((g) => (
          <div key={g.label}>
            <h3 className="mb-2 text-sm font-medium text-stone-800">{g.label}</h3>
            <div className="grid grid-cols-4 gap-2 sm:grid-cols-8 lg:grid-cols-12">
              {g.indices.map((i) => (
                // eslint-disable-next-line @next/next/no-img-element -- generated PNGs from our API, already sized
                <img
                  key={i}
                  src={`${base}/${i}`}
                  alt={`${g.label} #${i}`}
                  loading="lazy"
                  className="aspect-square w-full rounded border border-stone-200 bg-stone-100 [image-rendering:pixelated]"
                />
              ))}
            </div>
          </div>
        ))}
      </section>
    );
  }
  const preview = await previewRows(version, page, { hidePrivate });
  return (
    <section className="space-y-3">
      <ExcludedRowsNotice version={version} />
      {hiddenNote}
      {preview.capped ? (
        <p className="text-sm text-stone-600">
          {t("previewCapped", {
            max: format.number(PREVIEW_MAX_ROWS),
            total: format.number(version.rowCount),
          })}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="preview-table">
          <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                #
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("splitColumn")}
              </th>
              {preview.header.map((h) => (
                <th
                  key={h}
                  scope="col"
                  className={`whitespace-nowrap px-3 py-2 font-medium ${h === version.targetColumn ? "text-brand-700" : ""}`}
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {preview.rows.map((row) => (
              <tr key={row.index}>
                <td className="px-3 py-1.5 text-stone-400">{row.index + 1}</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-xs text-stone-500">
                  {t(`splitNames.${SPLIT_KEYS[row.split] ?? "train"}`)}
                </td>
                {row.cells.map((cell, i) => (
                  <td
                    key={i}
                    className="max-w-[16rem] truncate whitespace-nowrap px-3 py-1.5 text-stone-800"
                    title={cell.length > 30 ? cell : undefined}
                  >
                    {cell === "" ? <span className="text-stone-300">∅</span> : cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={preview.page} pageCount={preview.pageCount} href={href} />
    </section>
  );
}
