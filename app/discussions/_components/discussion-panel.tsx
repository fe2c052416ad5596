import Link from "next/link";
import { cache } from "react";
import { getTranslations } from "next-intl/server";
import { latestThreads, threadCounts, threadFilter, type TThreadThing } from "@/lib/discussions/list";
import type { TViewer } from "@/lib/permissions/visibility";
import { ButtonLink } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { ThreadList } from "./thread-list";

/**
 * The thing a page's Discussion section is about. A dataset page lists the threads on all its versions and attaches
 * new ones to the version on view; a board lists its version's threads and its competition's, and attaches new ones
 * to the competition when there is one.
 */
export type TDiscussionThing =
  | { kind: "run"; runId: string }
  | { kind: "config"; configId: string }
  | { kind: "dataset"; datasetId: string; versionId: string }
  | { kind: "board"; versionId: string; competitionId: string | null }
  | { kind: "competition"; competitionId: string };

function scopeOf(thing: TDiscussionThing): TThreadThing {
  switch (thing.kind) {
    case "run":
      return { runId: thing.runId };
    case "config":
      return { configId: thing.configId };
    case "dataset":
      return { datasetId: thing.datasetId };
    case "board":
      return { datasetVersionId: thing.versionId };
    case "competition":
      return { competitionId: thing.competitionId };
  }
}

/** /discussions/new with the thing named as the new-thread page reads it (run, config, dataset = version, competition). */
export function newThreadHref(thing: TDiscussionThing, kind: "QUESTION" | "DISCUSSION"): string {
  const about: Record<string, string> =
    thing.kind === "run"
      ? { run: thing.runId }
      : thing.kind === "config"
        ? { config: thing.configId }
        : thing.kind === "dataset"
          ? { dataset: thing.versionId }
          : thing.kind === "board" && !thing.competitionId
            ? { dataset: thing.versionId }
            : { competition: thing.kind === "board" ? thing.competitionId! : thing.competitionId };
  return `/discussions/new?${new URLSearchParams({ kind, ...about })}`;
}

// Once per request: a page's "Discussion (N)" link and its Discussion section show the same counts.
const countsFor = cache((scope: string, viewerId: string | null) =>
  threadCounts(JSON.parse(scope) as TThreadThing, viewerId ? { id: viewerId } : null),
);

/** The counts for a thing's "Discussion (N)" label: its threads the viewer may see, questions, unanswered ones. */
export function discussionCounts(thing: TDiscussionThing, viewer: TViewer) {
  return countsFor(JSON.stringify(scopeOf(thing)), viewer?.id ?? null);
}

/**
 * A thing page's Discussion section: the count, the latest threads about the thing, a link to all of them in the
 * index, and links to ask a question or start a discussion about it (a sign-in link for signed-out visitors).
 * On a board page it is part of the signed-out page cache's copy: migration 20261201220000_thread_board_pages
 * keeps the copy's stamp moving with every change to the threads shown here.
 */
export async function DiscussionPanel({
  thing,
  viewer,
  id = "discussion",
}: {
  thing: TDiscussionThing;
  viewer: TViewer;
  /** The section's anchor, for "Discussion (N)" links elsewhere on the page. */
  id?: string;
}) {
  const scope = scopeOf(thing);
  const [t, counts, threads] = await Promise.all([
    getTranslations("discussions"),
    discussionCounts(thing, viewer),
    latestThreads(scope, viewer, 5),
  ]);
  const filter = threadFilter(scope);
  const ask = newThreadHref(thing, "QUESTION");
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-4 space-y-3" data-testid="discussion-panel">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0">
          <h2 id={`${id}-heading`} className="text-lg font-semibold text-stone-900">
            <span data-testid="discussion-count">{t("tab", { count: counts.total })}</span>
          </h2>
          {counts.unanswered ? (
            <p className="text-sm text-stone-500">{t("panel.unanswered", { count: counts.unanswered })}</p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {viewer ? (
            <>
              <ButtonLink href={ask} className="px-3">
                {t("panel.ask")}
              </ButtonLink>
              <ButtonLink href={newThreadHref(thing, "DISCUSSION")} variant="secondary" className="px-3">
                {t("panel.start")}
              </ButtonLink>
            </>
          ) : (
            <ButtonLink href={`/signin?callbackUrl=${encodeURIComponent(ask)}`} variant="secondary" className="px-3">
              {t("panel.signIn")}
            </ButtonLink>
          )}
        </div>
      </div>
      {threads.length ? (
        <ThreadList threads={threads} hideSubject={thing.kind !== "dataset" && thing.kind !== "board"} />
      ) : (
        <EmptyState title={t("panel.emptyTitle")} hint={t("panel.emptyHint")} />
      )}
      {counts.total > 0 ? (
        <Link
          href={`/discussions?${new URLSearchParams({ [filter.key]: filter.id })}`}
          className="inline-block text-sm text-brand-700 hover:underline"
          data-testid="discussion-see-all"
        >
          {t("panel.seeAll", { count: counts.total })} →
        </Link>
      ) : null}
    </section>
  );
}
