import { getFormatter, getTranslations } from "next-intl/server";
import { formatBytes } from "@/lib/format";
import { loadEnv } from "@/lib/env";
import { Badge } from "@/app/_components/ui/badge";
import { VersionUpload } from "../version-upload";
import type { TDatasetView } from "./types";

export async function VersionsTab({
  dataset,
  isOwner,
  href,
}: {
  dataset: TDatasetView;
  isOwner: boolean;
  href: (v: number) => string;
}) {
  const [t, format] = await Promise.all([getTranslations("dataset"), getFormatter()]);
  const api = `/api/datasets/${dataset.owner.handle}/${dataset.slug}/versions`;
  return (
    <div className="space-y-6">
      <ol className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" data-testid="version-list">
        {dataset.versions.map((v) => (
          <li key={v.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <a href={href(v.number)} className="font-semibold text-stone-900 hover:underline">
                  v{v.number}
                </a>
                <span className="min-w-0 break-words text-sm text-stone-700">
                  {v.message ||
                    (v.number === 1 ? (
                      t("initialUpload")
                    ) : (
                      <span className="text-stone-400">{t("versionMessageEmpty")}</span>
                    ))}
                </span>
                <Badge tone={v.profileStatus === "FAILED" ? "red" : v.profileStatus === "DONE" ? "neutral" : "amber"}>
                  {t(`profileStatus.${v.profileStatus}`)}
                </Badge>
              </div>
              <p className="mt-1 text-xs text-stone-500">
                {format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" })} · {t("rows")}:{" "}
                {format.number(v.rowCount)} · {formatBytes(Number(v.sizeBytes))} · {v.originalName} ·{" "}
                <code className="font-mono">{v.sha256.slice(0, 12)}</code>
              </p>
            </div>
            <a
              href={`${api}/${v.number}/download`}
              className="shrink-0 text-sm text-brand-700 hover:underline"
              download
            >
              {t("download")}
            </a>
          </li>
        ))}
      </ol>
      {isOwner ? (
        <VersionUpload
          url={api}
          accept={dataset.kind === "IMAGE" ? ".zip" : ".csv,.tsv,.txt"}
          maxBytes={loadEnv().DATASET_MAX_BYTES}
          tabular={dataset.kind === "TABULAR"}
        />
      ) : null}
    </div>
  );
}
