import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listThreads, suggestTags, threadDatasets } from "@/lib/discussions/list";
import { THREAD_KINDS, THREAD_SORTS } from "@/lib/discussions/schemas";
import { ButtonLink } from "../_components/ui/button";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { Pagination } from "../_components/ui/pagination";
import { UserText } from "../_components/user-text";
import { currentUser } from "../_server/auth";
import { ThreadList } from "./_components/thread-list";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("discussions"))("title") };
}

/** Filters that scope the list to one thing ("See all" from a thing's Discussion section). */
const SCOPES = ["run", "config", "onDataset", "version", "competition"] as const;
const KEYS = ["q", "kind", "unanswered", "mine", "tag", "dataset", ...SCOPES, "sort", "page"] as const;
type TKey = (typeof KEYS)[number];
type TSearch = Partial<Record<TKey, string | string[]>>;

export default async function DiscussionsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const [params, viewer] = await Promise.all([searchParams, currentUser()]);
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const input = Object.fromEntries(KEYS.map((k) => [k, first(params[k])]));
  const result = await listThreads(input, viewer);
  const { query } = result;
  const [t, tags, datasets] = await Promise.all([
    getTranslations("discussions"),
    suggestTags("", 12),
    threadDatasets(viewer, { include: query.dataset }),
  ]);

  // Every link keeps the other filters, so a filtered page is a URL one can share.
  const current: Record<TKey, string | undefined> = {
    q: query.q,
    kind: query.kind,
    unanswered: query.unanswered ? "1" : undefined,
    mine: query.mine && viewer ? "1" : undefined,
    tag: query.tag,
    dataset: query.dataset,
    run: query.run,
    config: query.config,
    onDataset: query.onDataset,
    version: query.version,
    competition: query.competition,
    sort: query.sort === "active" ? undefined : query.sort,
    page: undefined,
  };
  const href = (overrides: Partial<Record<TKey, string | number | undefined>>) => {
    const merged = { ...current, ...overrides };
    const qs = new URLSearchParams(
      Object.entries(merged)
        .filter(([k, v]) => v !== undefined && v !== "" && !(k === "page" && v === 1))
        .map(([k, v]) => [k, String(v)]),
    );
    return qs.size ? `/discussions?${qs}` : "/discussions";
  };
  const scope = SCOPES.find((s) => query[s]);
  const filtered = Boolean(
    query.q || query.kind || query.unanswered || query.mine || query.tag || query.dataset || scope,
  );

  // A new thread from a scoped list is about the same thing (a dataset as a whole has no version to attach to).
  const about: Record<string, string> = query.run
    ? { run: query.run }
    : query.config
      ? { config: query.config }
      : query.version
        ? { dataset: query.version }
        : query.competition
          ? { competition: query.competition }
          : {};
  const newQuery = new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}), ...about });
  const newHref = newQuery.size ? `/discussions/new?${newQuery}` : "/discussions/new";
  const newLink = (
    <ButtonLink href={viewer ? newHref : `/signin?callbackUrl=${encodeURIComponent(newHref)}`}>
      {viewer ? t("newThread") : t("signInToPost")}
    </ButtonLink>
  );
  const field = "rounded-md border border-stone-300 bg-white px-2 py-2 text-sm";
  const check =
    "inline-flex items-center gap-2 whitespace-nowrap rounded-md border border-stone-300 bg-white px-3 py-2";

  return (
    <div>
      <PageHeader title={t("title")} lead={t("lead")} actions={newLink} />

      <form
        action="/discussions"
        role="search"
        className="mb-4 grid grid-cols-[minmax(0,1fr)] gap-2"
        data-testid="discussion-filters"
      >
        <div className="flex flex-col gap-2 sm:flex-row">
          <label htmlFor="discussion-q" className="sr-only">
            {t("searchLabel")}
          </label>
          <input
            id="discussion-q"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder={t("searchPlaceholder")}
            className="min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
          />
          <button
            type="submit"
            className="rounded-md bg-stone-800 px-4 py-2 text-sm font-medium text-white hover:bg-stone-900"
          >
            {t("search")}
          </button>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <select name="kind" defaultValue={query.kind ?? ""} aria-label={t("kindLabel")} className={field}>
            <option value="">{t("kindAll")}</option>
            {THREAD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kindFilter.${k}`)}
              </option>
            ))}
          </select>
          <select
            name="dataset"
            defaultValue={query.dataset ?? ""}
            aria-label={t("datasetLabel")}
            className={`${field} w-full min-w-0 sm:w-auto sm:max-w-xs`}
          >
            <option value="">{t("allDatasets")}</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} (@{d.owner}/{d.slug})
              </option>
            ))}
            {query.dataset && !datasets.some((d) => d.id === query.dataset) ? (
              <option value={query.dataset}>{t("chosenDataset")}</option>
            ) : null}
          </select>
          <select name="sort" defaultValue={query.sort} aria-label={t("sort.label")} className={field}>
            {THREAD_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sort.${s}`)}
              </option>
            ))}
          </select>
          <label className={check}>
            <input type="checkbox" name="unanswered" value="1" defaultChecked={Boolean(query.unanswered)} />
            {t("unanswered")}
          </label>
          {viewer ? (
            <label className={check}>
              <input type="checkbox" name="mine" value="1" defaultChecked={Boolean(query.mine)} />
              {t("mine")}
            </label>
          ) : null}
          {query.tag ? <input type="hidden" name="tag" value={query.tag} /> : null}
          {scope ? <input type="hidden" name={scope} value={query[scope]} /> : null}
        </div>
      </form>

      {tags.length ? (
        <nav aria-label={t("tags")} className="mb-4 flex flex-wrap gap-2 text-sm">
          {tags.map(({ tag }) => (
            <Link
              key={tag}
              href={href({ tag: query.tag === tag ? undefined : tag })}
              aria-current={query.tag === tag ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${query.tag === tag ? "border-brand-600 bg-brand-50 text-brand-700" : "border-stone-300 bg-white text-stone-700 hover:bg-stone-100"}`}
            >
              #<UserText text={tag} />
            </Link>
          ))}
        </nav>
      ) : null}

      {scope ? (
        <p
          className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-brand-100 bg-brand-50/50 px-3 py-2 text-sm text-stone-700"
          data-testid="discussion-scope"
        >
          <span>{t(`scoped.${scope}`)}</span>
          <Link href={href({ [scope]: undefined })} className="text-brand-700 hover:underline">
            {t("clearFilters")}
          </Link>
        </p>
      ) : null}

      <div className="mb-3 flex items-center justify-between gap-3 text-sm text-stone-600">
        <span data-testid="thread-count">{t("results", { total: result.total })}</span>
        {filtered ? (
          <Link href="/discussions" className="text-brand-700 hover:underline">
            {t("clearFilters")}
          </Link>
        ) : null}
      </div>

      {result.items.length === 0 ? (
        filtered || result.total > 0 ? (
          <EmptyState title={t("noMatchTitle")} hint={t("noMatchHint")} />
        ) : (
          <EmptyState title={t("emptyTitle")} hint={t("emptyHint")} action={newLink} />
        )
      ) : (
        <ThreadList threads={result.items} tagHref={(tag) => href({ tag })} />
      )}
      <Pagination page={result.page} pageCount={result.pageCount} href={(p) => href({ page: p })} />
    </div>
  );
}
