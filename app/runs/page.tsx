import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { listRuns } from "@/lib/runs/queries";
import { Badge } from "../_components/ui/badge";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { currentUser } from "../_server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("run"))("runs") };
}

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"] as const;
const TONE = { QUEUED: "neutral", RUNNING: "amber", SUCCEEDED: "brand", FAILED: "red", CANCELED: "neutral" } as const;

/** The headline test metric of a run: accuracy (classification) or RMSE (regression), public half. */
function headline(metrics: unknown): string {
  const m = (metrics as { testPublic?: { accuracy?: number; rmse?: number } } | null)?.testPublic;
  if (!m) return "–";
  return m.accuracy !== undefined ? `acc ${m.accuracy.toFixed(3)}` : m.rmse !== undefined ? `rmse ${m.rmse.toPrecision(4)}` : "–";
}

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ status?: string; user?: string; page?: string }> }) {
  const params = await searchParams;
  const viewer = await currentUser();
  const [t, ts, format, result] = await Promise.all([getTranslations("run"), getTranslations("sections.runs"), getFormatter(), listRuns({ page: Number(params.page) || 1, status: params.status, userHandle: params.user }, viewer)]);
  const href = (next: Record<string, string | number | undefined>) => {
    const qs = new URLSearchParams(Object.entries({ status: params.status, user: params.user, ...next }).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
    return qs.toString() ? `/runs?${qs}` : "/runs";
  };
  return (
    <div>
      <PageHeader title={ts("title")} lead={ts("lead")} />
      <div className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href={href({ status: undefined, page: undefined })} className={`rounded-full border px-3 py-1 ${!params.status ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}>{t("all")}</Link>
        {STATUSES.map((s) => (
          <Link key={s} href={href({ status: s, page: undefined })} className={`rounded-full border px-3 py-1 ${params.status === s ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}>{t(`status.${s}`)}</Link>
        ))}
        {viewer ? <Link href={href({ user: params.user ? undefined : viewer.handle, page: undefined })} className={`rounded-full border px-3 py-1 ${params.user ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}>{t("mine")}</Link> : null}
      </div>
      {result.items.length === 0 ? (
        <EmptyState title={ts("empty")} hint={t("emptyHint")} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="min-w-full text-left text-sm" data-testid="runs-table">
            <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
              <tr><th className="px-3 py-2">{t("statusLabel")}</th><th className="px-3 py-2">{t("config")}</th><th className="px-3 py-2">{t("dataset")}</th><th className="px-3 py-2">{t("result")}</th><th className="px-3 py-2">{t("duration")}</th><th className="px-3 py-2">{t("author")}</th><th className="px-3 py-2">{t("queued")}</th></tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {result.items.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2"><Link href={`/runs/${r.id}`}><Badge tone={TONE[r.status]}>{t(`status.${r.status}`)}</Badge></Link></td>
                  <td className="px-3 py-2"><Link href={`/runs/${r.id}`} className="font-medium hover:underline">{r.config.title}</Link> <span className="text-stone-400">r{r.configRevision.number}</span></td>
                  <td className="px-3 py-2">{r.datasetVersion.dataset.title} <span className="text-stone-400">v{r.datasetVersion.number}</span></td>
                  <td className="px-3 py-2 font-mono text-xs">{r.status === "RUNNING" ? `${r.epochsDone}/${r.epochsTotal}` : headline(r.metrics)}</td>
                  <td className="px-3 py-2 text-xs">{r.finishedAt && r.startedAt ? `${((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} s` : "–"}</td>
                  <td className="px-3 py-2"><Link href={`/u/${r.user.handle}`} className="hover:underline">@{r.user.handle}</Link></td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs text-stone-500">{format.relativeTime(r.queuedAt, new Date())}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => href({ page: p > 1 ? p : undefined })} />
    </div>
  );
}
