import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getHalfState, getVersion } from "@/lib/datasets/queries";
import { canSeePrivateHalf } from "@/lib/permissions/hidden-half";
import { getDatasetForRequest } from "@/app/_server/queries";
import { Badge } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { currentUser } from "@/app/_server/auth";
import { StarButton } from "./star-button";
import { FollowControl } from "@/app/u/_components/follow-control";
import { WatchControl } from "@/app/_components/watch-control";
import { Report } from "@/app/moderation/_components/report";
import { VersionSelect } from "./version-select";
import { OverviewTab } from "./tabs/overview";
import { DataTab } from "./tabs/data";
import { ProfileTab } from "./tabs/profile";
import { awaitsDecode, DecodeStatus } from "./decode-status";
import { VersionsTab } from "./tabs/versions";
import { listRuns } from "@/lib/runs/queries";
import { Pagination } from "@/app/_components/ui/pagination";
import { RunsTable } from "@/app/runs/runs-table";
import {
  DiscussionPanel,
  discussionCounts,
  type TDiscussionThing,
} from "@/app/discussions/_components/discussion-panel";

export const dynamic = "force-dynamic";

const TABS = ["overview", "data", "profile", "versions", "runs", "discussion"] as const;
type TTab = (typeof TABS)[number];
type TProps = {
  params: Promise<{ owner: string; slug: string }>;
  searchParams: Promise<{ tab?: string; v?: string; page?: string }>;
};

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { owner, slug } = await params;
  const dataset = await getDatasetForRequest(owner, slug, await currentUser());
  return { title: dataset?.title };
}

export default async function DatasetPage({ params, searchParams }: TProps) {
  const [{ owner, slug }, search, viewer] = await Promise.all([params, searchParams, currentUser()]);
  const dataset = await getDatasetForRequest(owner, slug, viewer);
  if (!dataset) notFound();
  const t = await getTranslations("dataset");
  const td = await getTranslations("datasets");
  const tl = await getTranslations("leaderboard");

  const tab: TTab = (TABS as readonly string[]).includes(search.tab ?? "") ? (search.tab as TTab) : "overview";
  const latest = dataset.versions[0]!.number;
  const requested = Number(search.v);
  const number = dataset.versions.some((v) => v.number === requested) ? requested : latest;
  const version = (await getVersion(dataset.id, number))!;
  const base = `/datasets/${dataset.owner.handle}/${dataset.slug}`;
  const href = (next: { tab?: TTab; v?: number; page?: number }) => {
    const qs = new URLSearchParams();
    const nextTab = next.tab ?? tab;
    if (nextTab !== "overview") qs.set("tab", nextTab);
    const v = next.v ?? number;
    if (v !== latest) qs.set("v", String(v));
    if (next.page && next.page > 1) qs.set("page", String(next.page));
    const s = qs.toString();
    return s ? `${base}?${s}` : base;
  };
  const isOwner = viewer?.id === dataset.ownerId;
  const decoding = awaitsDecode(version);
  const privateShown = canSeePrivateHalf(viewer, await getHalfState(version.id));
  // Threads on any of the dataset's versions; a new one is about the version on view.
  const thing: TDiscussionThing = { kind: "dataset", datasetId: dataset.id, versionId: version.id };
  const [tdisc, discussion] = await Promise.all([getTranslations("discussions"), discussionCounts(thing, viewer)]);

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <p className="text-sm text-stone-500">
          <Link href="/datasets" className="hover:underline">
            {td("title")}
          </Link>{" "}
          /{" "}
          <Link href={`/u/${dataset.owner.handle}`} className="hover:underline">
            @{dataset.owner.handle}
          </Link>{" "}
          / {dataset.slug}
        </p>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">
              {dataset.title}
            </h1>
            <div className="mt-2 flex flex-wrap gap-2">
              <Badge tone="brand">{td(`task.${dataset.taskType}`)}</Badge>
              <Badge>{td(`kind.${dataset.kind}`)}</Badge>
              {dataset.visibility !== "PUBLIC" ? (
                <Badge tone="amber">{td(`visibility.${dataset.visibility}`)}</Badge>
              ) : null}
              <Badge>{dataset.license}</Badge>
            </div>
          </div>
          <div className="flex shrink-0 flex-wrap gap-2">
            {isOwner ? (
              <Link
                href={`${base}/edit`}
                className="inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
              >
                {t("edit")}
              </Link>
            ) : null}
            <Link
              href={`/leaderboards/${dataset.owner.handle}/${dataset.slug}${number !== latest ? `?v=${number}` : ""}`}
              className="inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
            >
              {tl("viewLeaderboard")}
            </Link>
            <StarButton
              datasetId={dataset.id}
              starred={dataset.starred}
              count={dataset.starCount}
              signedIn={Boolean(viewer)}
              path={base}
            />
            <FollowControl kind="dataset" id={dataset.id} path={base} />
            <WatchControl kind="dataset" id={dataset.id} />
            <Report kind="DATASET" targetId={dataset.id} viewer={viewer} ownerId={dataset.ownerId} />
            <a
              href={`/api/datasets/${dataset.owner.handle}/${dataset.slug}/versions/${number}/download`}
              className="inline-flex items-center rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
              download
            >
              {t("download")} v{number}
            </a>
            {privateShown ? null : (
              <p className="basis-full text-xs text-stone-500 sm:text-right" data-testid="download-private-note">
                {t("downloadWithoutPrivate")}
              </p>
            )}
          </div>
        </div>
        <VersionSelect
          current={number}
          options={dataset.versions.map((v) => ({
            number: v.number,
            href: href({ v: v.number, page: 1 }),
            latest: v.number === latest,
          }))}
          labels={{ version: t("version"), latest: t("latest") }}
        />
      </header>
      {decoding ? <DecodeStatus url={`/api${base}/versions/${number}/profile`} version={version} /> : null}

      <nav aria-label={t("version")} className="-mx-4 overflow-x-auto border-b border-stone-200 px-4 sm:mx-0 sm:px-0">
        <ul className="flex gap-1 whitespace-nowrap text-sm">
          {TABS.map((name) => (
            <li key={name}>
              <Link
                href={href({ tab: name })}
                aria-current={tab === name ? "page" : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 ${tab === name ? "border-brand-600 font-medium text-stone-900" : "border-transparent text-stone-600 hover:text-stone-900"}`}
              >
                {name === "discussion" ? tdisc("tab", { count: discussion.total }) : t(`tabs.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {tab === "overview" ? (
        <OverviewTab dataset={dataset} version={version} profileHref={href({ tab: "profile" })} />
      ) : null}
      {tab === "data" && decoding ? <EmptyState title={t("decodingTitle")} hint={t("decodingHint")} /> : null}
      {tab === "data" && !decoding ? (
        <DataTab
          dataset={dataset}
          version={version}
          page={Number(search.page) || 1}
          href={(p) => href({ page: p })}
          hidePrivate={!privateShown}
        />
      ) : null}
      {tab === "profile" ? <ProfileTab dataset={dataset} version={version} /> : null}
      {tab === "versions" ? (
        <VersionsTab dataset={dataset} isOwner={isOwner} href={(v) => href({ v, tab: "overview" })} />
      ) : null}
      {tab === "runs" ? (
        <DatasetRuns
          versionId={version.id}
          page={Number(search.page) || 1}
          href={(p) => href({ page: p })}
          emptyTitle={t("runsEmpty")}
          emptyHint={t("runsEmptyHint")}
          viewer={viewer}
        />
      ) : null}
      {tab === "discussion" ? <DiscussionPanel thing={thing} viewer={viewer} /> : null}
    </div>
  );
}

async function DatasetRuns({
  versionId,
  page,
  href,
  emptyTitle,
  emptyHint,
  viewer,
}: {
  versionId: string;
  page: number;
  href: (p: number) => string;
  emptyTitle: string;
  emptyHint: string;
  viewer: { id: string } | null;
}) {
  const result = await listRuns({ datasetVersionId: versionId, page }, viewer);
  if (!result.items.length) return <EmptyState title={emptyTitle} hint={emptyHint} />;
  return (
    <div>
      <RunsTable items={result.items} hide={["dataset"]} />
      <Pagination page={result.page} pageCount={result.pageCount} href={href} />
    </div>
  );
}
