import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { contentLanguage } from "@/lib/i18n/content-language";
import { listDatasets, popularTags } from "@/lib/datasets/queries";
import { DATASET_SORTS } from "@/lib/datasets/schemas";
import { Badge } from "../_components/ui/badge";
import { ButtonLink } from "../_components/ui/button";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { currentUser } from "../_server/auth";
import { UserText } from "../_components/user-text";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("datasets"))("title") };
}

type TSearch = { q?: string; task?: string; tag?: string; sort?: string; page?: string };

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const params = await searchParams;
  const viewer = await currentUser();
  const [t, format, result, tags] = await Promise.all([
    getTranslations("datasets"),
    getFormatter(),
    listDatasets(params, viewer),
    popularTags(12),
  ]);
  const { query } = result;
  const href = (overrides: Partial<Record<keyof TSearch, string | number | undefined>>) => {
    const merged: Record<string, string | number | undefined> = {
      q: query.q,
      task: query.task,
      tag: query.tag,
      sort: query.sort === "newest" ? undefined : query.sort,
      ...overrides,
    };
    const qs = new URLSearchParams(
      Object.entries(merged)
        .filter(([, v]) => v !== undefined && v !== "" && v !== 1)
        .map(([k, v]) => [k, String(v)]),
    );
    const s = qs.toString();
    return s ? `/datasets?${s}` : "/datasets";
  };
  const filtered = Boolean(query.q || query.task || query.tag);

  return (
    <div>
      <PageHeader
        title={t("title")}
        lead={t("lead")}
        actions={
          <ButtonLink href={viewer ? "/datasets/new" : "/signin?callbackUrl=/datasets/new"}>{t("new")}</ButtonLink>
        }
      />

      <form action="/datasets" className="mb-4 flex flex-col gap-2 sm:flex-row" role="search">
        <label htmlFor="q" className="sr-only">
          {t("searchLabel")}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder={t("searchPlaceholder")}
          className="min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        />
        <select
          name="task"
          defaultValue={query.task ?? ""}
          aria-label={t("allTasks")}
          className="rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
        >
          <option value="">{t("allTasks")}</option>
          <option value="CLASSIFICATION">{t("task.CLASSIFICATION")}</option>
          <option value="REGRESSION">{t("task.REGRESSION")}</option>
        </select>
        <select
          name="sort"
          defaultValue={query.sort}
          aria-label={t("sort.label")}
          className="rounded-md border border-stone-300 bg-white px-2 py-2 text-sm"
        >
          {DATASET_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
        {query.tag ? <input type="hidden" name="tag" value={query.tag} /> : null}
        <button
          type="submit"
          className="rounded-md bg-stone-800 px-4 py-2 text-sm font-medium text-white hover:bg-stone-900"
        >
          {t("search")}
        </button>
      </form>

      {tags.length ? (
        <div className="mb-6 flex flex-wrap gap-2 text-sm">
          {tags.map(({ tag }) => (
            <Link
              key={tag}
              href={href({ tag: query.tag === tag ? undefined : tag, page: undefined })}
              aria-current={query.tag === tag ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${query.tag === tag ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white text-stone-700 hover:bg-stone-100"}`}
            >
              #<UserText text={tag} />
            </Link>
          ))}
        </div>
      ) : null}

      <div className="mb-3 flex items-center justify-between text-sm text-stone-600">
        <span data-testid="dataset-count">{t("results", { total: result.total })}</span>
        {filtered ? (
          <Link href="/datasets" className="text-brand-700 hover:underline">
            {t("clearFilters")}
          </Link>
        ) : null}
      </div>

      {result.items.length === 0 ? (
        filtered ? (
          <EmptyState title={t("noMatchTitle")} hint={t("noMatchHint")} />
        ) : (
          <EmptyState
            title={t("emptyTitle")}
            hint={t("emptyHint")}
            action={<ButtonLink href="/datasets/new">{t("new")}</ButtonLink>}
          />
        )
      ) : (
        <ul className="grid gap-3" data-testid="dataset-list">
          {result.items.map((d) => (
            <li key={d.id} className="rounded-lg border border-stone-200 bg-white p-4 hover:border-stone-300">
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/datasets/${d.owner.handle}/${d.slug}`}
                  className="min-w-0 break-words text-base font-semibold text-stone-900 hover:underline"
                >
                  {d.title}
                </Link>
                <Badge tone="brand">{t(`task.${d.taskType}`)}</Badge>
                <Badge>{t(`kind.${d.kind}`)}</Badge>
                {d.visibility !== "PUBLIC" ? <Badge tone="amber">{t(`visibility.${d.visibility}`)}</Badge> : null}
              </div>
              <p
                className="mt-1 line-clamp-2 break-words text-sm text-stone-600"
                lang={contentLanguage(d.description) ?? undefined}
                data-user-content
              >
                {d.description.replace(/[#*_`>\[\]]/g, "").slice(0, 300)}
              </p>
              <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-500">
                <span>
                  {t.rich("byOwner", {
                    owner: () => (
                      <Link href={`/u/${d.owner.handle}`} className="hover:underline">
                        @{d.owner.handle}
                      </Link>
                    ),
                  })}
                </span>
                <span>{t("versions", { count: d.versionCount })}</span>
                <span>{t("stars", { count: d.starCount })}</span>
                <span>{t("runs", { count: d.runCount })}</span>
                <span>{d.license}</span>
                <span>{t("updated", { when: format.relativeTime(d.updatedAt, new Date()) })}</span>
                {d.tags.map((tag) => (
                  <Link key={tag} href={href({ tag, page: undefined })} className="text-brand-700 hover:underline">
                    #<UserText text={tag} />
                  </Link>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => href({ page: p })} />
    </div>
  );
}
