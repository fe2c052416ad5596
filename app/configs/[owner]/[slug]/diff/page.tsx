import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { diffSpecs } from "@/lib/configs/diff";
import { getConfig, getForkParentRevision, getRevision } from "@/lib/configs/queries";
import { currentUser } from "@/app/_server/auth";

export const dynamic = "force-dynamic";
type TProps = {
  params: Promise<{ owner: string; slug: string }>;
  searchParams: Promise<{ a?: string; b?: string; parent?: string; all?: string }>;
};

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("config"))("diffTitle") };
}

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

export default async function DiffPage({ params, searchParams }: TProps) {
  const [{ owner, slug }, search, viewer] = await Promise.all([params, searchParams, currentUser()]);
  const config = await getConfig(owner, slug, viewer);
  if (!config) notFound();
  const t = await getTranslations("config");
  const head = config.revisions[0]!.number;
  const bNumber = Number(search.b) || head;
  const right = await getRevision(config.id, bNumber);
  if (!right) notFound();

  // Left side: an earlier revision of this config, or the revision it was forked from.
  let left: { spec: unknown; label: string } | null = null;
  if (search.parent && config.forkedFrom) {
    const parentRevision = await getForkParentRevision(config.forkedFrom);
    if (parentRevision)
      left = {
        spec: parentRevision.spec,
        label: `@${config.forkedFrom.config.owner.handle}/${config.forkedFrom.config.slug} r${config.forkedFrom.number}`,
      };
  } else {
    const a = await getRevision(config.id, Number(search.a) || Math.max(1, bNumber - 1));
    if (a) left = { spec: a.spec, label: `r${a.number}` };
  }
  if (!left) notFound();
  const all = search.all === "1";
  const entries = diffSpecs(left.spec, right.spec, { includeSame: all });
  const base = `/configs/${config.owner.handle}/${config.slug}`;
  const qs = (next: Record<string, string | undefined>) => {
    const merged = { a: search.a, b: search.b, parent: search.parent, all: search.all, ...next };
    return `${base}/diff?${new URLSearchParams(Object.entries(merged).filter(([, v]) => v) as [string, string][])}`;
  };
  const tone = { changed: "bg-amber-50", added: "bg-brand-50", removed: "bg-red-50", same: "" } as const;

  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-500">
        <Link href={base} className="hover:underline">
          @{config.owner.handle}/{config.slug}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold text-stone-900">{t("diffTitle")}</h1>
      <p className="font-mono text-sm text-stone-700" data-testid="diff-sides">
        {t("diffLead", { a: left.label, b: `@${config.owner.handle}/${config.slug} r${right.number}` })}
      </p>
      <div className="flex gap-2 text-sm" role="group">
        <Link
          href={qs({ all: undefined })}
          aria-current={!all ? "true" : undefined}
          className={`rounded-md border px-3 py-1 ${!all ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}
        >
          {t("onlyChanges")}
        </Link>
        <Link
          href={qs({ all: "1" })}
          aria-current={all ? "true" : undefined}
          className={`rounded-md border px-3 py-1 ${all ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white"}`}
        >
          {t("everything")}
        </Link>
      </div>
      {entries.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-4 text-stone-600">{t("noChanges")}</p>
      ) : (
        // On a phone each row stacks path, before and after (labelled), so the changed value is never off-screen;
        // from `sm` up it is a three-column table.
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="block min-w-full text-left text-sm sm:table" data-testid="diff-table">
            <thead className="hidden bg-stone-50 text-xs uppercase tracking-wide text-stone-500 sm:table-header-group">
              <tr>
                <th className="px-3 py-2">{t("path")}</th>
                <th className="px-3 py-2">{t("before")}</th>
                <th className="px-3 py-2">{t("after")}</th>
              </tr>
            </thead>
            <tbody className="block divide-y divide-stone-100 font-mono text-xs sm:table-row-group">
              {entries.map((e) => (
                <tr
                  key={`${e.path}-${e.kind}`}
                  className={`block py-1 sm:table-row sm:py-0 ${tone[e.kind]}`}
                  data-kind={e.kind}
                >
                  <td className="block break-all px-3 py-1 font-semibold sm:table-cell sm:whitespace-nowrap sm:py-1.5 sm:font-normal">
                    {e.path}
                  </td>
                  <td className="block break-all px-3 py-0.5 text-stone-600 sm:table-cell sm:break-normal sm:py-1.5">
                    <span className="mr-2 font-sans uppercase tracking-wide text-stone-400 sm:hidden">
                      {t("before")}
                    </span>
                    {e.kind === "added" ? "—" : show(e.before)}
                  </td>
                  <td
                    className="block break-all px-3 py-0.5 text-stone-900 sm:table-cell sm:break-normal sm:py-1.5"
                    data-testid="diff-after"
                  >
                    <span className="mr-2 font-sans uppercase tracking-wide text-stone-400 sm:hidden">
                      {t("after")}
                    </span>
                    {e.kind === "removed" ? "—" : show(e.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
