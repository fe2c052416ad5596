import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { listConfigs } from "@/lib/configs/queries";
import { CONFIG_SORTS } from "@/lib/configs/schemas";
import { LAYER_TYPES } from "@/lib/configs/spec";
import { Badge } from "../_components/ui/badge";
import { ButtonLink } from "../_components/ui/button";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { currentUser } from "../_server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("configs"))("title") };
}

type TSearch = Record<"q" | "task" | "layer" | "author" | "sort" | "page", string | undefined>;

export default async function ConfigsPage({ searchParams }: { searchParams: Promise<Partial<TSearch>> }) {
  const params = await searchParams;
  const viewer = await currentUser();
  const [t, td, te, format, result] = await Promise.all([
    getTranslations("configs"),
    getTranslations("datasets"),
    getTranslations("configEditor"),
    getFormatter(),
    listConfigs(params, viewer),
  ]);
  const { query } = result;
  const href = (overrides: Partial<Record<keyof TSearch, string | number | undefined>>) => {
    const merged: Record<string, string | number | undefined> = {
      q: query.q,
      task: query.task,
      layer: query.layer,
      author: query.author,
      sort: query.sort === "newest" ? undefined : query.sort,
      ...overrides,
    };
    const qs = new URLSearchParams(
      Object.entries(merged)
        .filter(([, v]) => v !== undefined && v !== "" && v !== 1)
        .map(([k, v]) => [k, String(v)]),
    );
    return qs.toString() ? `/configs?${qs}` : "/configs";
  };
  const filtered = Boolean(query.q || query.task || query.layer || query.author);
  const select = "rounded-md border border-stone-300 bg-white px-2 py-2 text-sm";
  return (
    <div>
      <PageHeader
        title={t("title")}
        lead={t("lead")}
        actions={
          <ButtonLink href={viewer ? "/configs/new" : "/signin?callbackUrl=/configs/new"}>{t("new")}</ButtonLink>
        }
      />
      <form action="/configs" role="search" className="mb-4 grid gap-2 sm:grid-cols-[1fr_auto_auto_auto_auto_auto]">
        <input
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder={t("searchPlaceholder")}
          aria-label={t("search")}
          className="min-w-0 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        />
        <select name="task" defaultValue={query.task ?? ""} aria-label={t("allTasks")} className={select}>
          <option value="">{t("allTasks")}</option>
          <option value="CLASSIFICATION">{td("task.CLASSIFICATION")}</option>
          <option value="REGRESSION">{td("task.REGRESSION")}</option>
        </select>
        <select name="layer" defaultValue={query.layer ?? ""} aria-label={t("allLayers")} className={select}>
          <option value="">{t("allLayers")}</option>
          {LAYER_TYPES.map((l) => (
            <option key={l} value={l}>
              {te(`layerTypes.${l}`)}
            </option>
          ))}
        </select>
        <input
          name="author"
          defaultValue={query.author}
          placeholder={t("author")}
          aria-label={t("author")}
          className="w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm sm:w-36"
        />
        <select name="sort" defaultValue={query.sort} aria-label={t("sort.label")} className={select}>
          {CONFIG_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="rounded-md bg-stone-800 px-4 py-2 text-sm font-medium text-white hover:bg-stone-900"
        >
          {t("search")}
        </button>
      </form>
      <div className="mb-3 flex items-center justify-between text-sm text-stone-600">
        <span>{t("results", { total: result.total })}</span>
        {filtered ? (
          <Link href="/configs" className="text-brand-700 hover:underline">
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
            action={<ButtonLink href="/configs/new">{t("new")}</ButtonLink>}
          />
        )
      ) : (
        <ul className="grid gap-3" data-testid="config-list">
          {result.items.map((c) => {
            const parent = c.forkedFrom;
            return (
              <li key={c.id} className="rounded-lg border border-stone-200 bg-white p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/configs/${c.owner.handle}/${c.slug}`}
                    className="break-words font-semibold text-stone-900 hover:underline"
                  >
                    {c.title}
                  </Link>
                  <Badge tone="brand">{td(`task.${c.taskType}`)}</Badge>
                  {c.visibility !== "PUBLIC" ? <Badge tone="amber">{td(`visibility.${c.visibility}`)}</Badge> : null}
                </div>
                <div className="mt-1 flex flex-wrap gap-1">
                  {c.layerTypes.map((l) => (
                    <Link
                      key={l}
                      href={href({ layer: l, page: undefined })}
                      className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-xs text-stone-600 hover:bg-stone-200"
                    >
                      {te(`layerTypes.${l}`)}
                    </Link>
                  ))}
                </div>
                <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-500">
                  <span>
                    {t.rich("byOwner", {
                      owner: () => (
                        <Link href={href({ author: c.owner.handle, page: undefined })} className="hover:underline">
                          @{c.owner.handle}
                        </Link>
                      ),
                    })}
                  </span>
                  {parent ? (
                    <span>
                      {t.rich("forkedFrom", {
                        link: () => (
                          <Link
                            href={`/configs/${parent.config.owner.handle}/${parent.config.slug}`}
                            className="hover:underline"
                          >
                            @{parent.config.owner.handle}/{parent.config.slug}
                          </Link>
                        ),
                      })}
                    </span>
                  ) : null}
                  <span>{t("revisions", { count: c.revisionCount })}</span>
                  <span>{t("forks", { count: c.forkCount })}</span>
                  <span>{format.relativeTime(c.updatedAt, new Date())}</span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => href({ page: p })} />
    </div>
  );
}
