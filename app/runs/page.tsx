import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listRuns } from "@/lib/runs/queries";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { currentUser } from "../_server/auth";
import { RunsTable } from "./runs-table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("run"))("runs") };
}

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"] as const;
export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; user?: string; page?: string }>;
}) {
  const params = await searchParams;
  const viewer = await currentUser();
  const [t, ts, result] = await Promise.all([
    getTranslations("run"),
    getTranslations("sections.runs"),
    listRuns({ page: Number(params.page) || 1, status: params.status, userHandle: params.user }, viewer),
  ]);
  const href = (next: Record<string, string | number | undefined>) => {
    const qs = new URLSearchParams(
      Object.entries({ status: params.status, user: params.user, ...next })
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => [k, String(v)]),
    );
    return qs.toString() ? `/runs?${qs}` : "/runs";
  };
  return (
    <div>
      <PageHeader title={ts("title")} lead={ts("lead")} />
      <div className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link
          href={href({ status: undefined, page: undefined })}
          className={`rounded-full border px-3 py-1 ${!params.status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}
        >
          {t("all")}
        </Link>
        {STATUSES.map((s) => (
          <Link
            key={s}
            href={href({ status: s, page: undefined })}
            className={`rounded-full border px-3 py-1 ${params.status === s ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}
          >
            {t(`status.${s}`)}
          </Link>
        ))}
        {viewer ? (
          <Link
            href={href({ user: params.user ? undefined : viewer.handle, page: undefined })}
            className={`rounded-full border px-3 py-1 ${params.user ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}
          >
            {t("mine")}
          </Link>
        ) : null}
      </div>
      {result.items.length === 0 ? (
        <EmptyState title={ts("empty")} hint={t("emptyHint")} />
      ) : (
        <RunsTable items={result.items} />
      )}
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => href({ page: p > 1 ? p : undefined })} />
    </div>
  );
}
