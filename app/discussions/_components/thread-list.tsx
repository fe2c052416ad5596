import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { listThreads } from "@/lib/discussions/list";
import { Badge } from "@/app/_components/ui/badge";
import { UserText } from "@/app/_components/user-text";

export type TThreadRow = Awaited<ReturnType<typeof listThreads>>["items"][number];

const defaultTagHref = (tag: string) => `/discussions?${new URLSearchParams({ tag })}`;

/**
 * Thread rows for the /discussions index and the Discussion sections of thing pages. What a thread is about is named
 * only as the list query returns it (lib/discussions/list.ts): a thing listed to the viewer, or the page's own thing.
 */
export async function ThreadList({
  threads,
  tagHref = defaultTagHref,
  hideSubject = false,
}: {
  threads: TThreadRow[];
  tagHref?: (tag: string) => string;
  /** On a thing's own page, where every row is about that thing. */
  hideSubject?: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations("discussions"), getFormatter()]);
  const now = new Date();
  const link = "font-medium text-stone-700 hover:underline";

  const subject = (thread: TThreadRow) => {
    if (thread.run) {
      const { id, configTitle } = thread.run;
      return t.rich("about.run", {
        link: () => (
          <Link href={`/runs/${id}`} className={link}>
            <UserText text={configTitle} />
          </Link>
        ),
      });
    }
    if (thread.config) {
      const { owner, slug, title } = thread.config;
      return t.rich("about.config", {
        link: () => (
          <Link href={`/configs/${owner.handle}/${slug}`} className={link}>
            <UserText text={title} />
          </Link>
        ),
      });
    }
    if (thread.dataset) {
      const { owner, slug, title, version } = thread.dataset;
      const name = (
        <Link href={`/datasets/${owner.handle}/${slug}${version ? `?v=${version}` : ""}`} className={link}>
          <UserText text={title} />
        </Link>
      );
      return version ? t.rich("about.dataset", { version, link: () => name }) : name;
    }
    if (thread.competition) {
      const { owner, slug, title, version } = thread.competition;
      return t.rich("about.competition", {
        link: () => (
          <Link href={`/leaderboards/${owner.handle}/${slug}?v=${version}`} className={link}>
            <UserText text={title} />
          </Link>
        ),
      });
    }
    return null;
  };

  return (
    <ul className="grid gap-3" data-testid="thread-list">
      {threads.map((thread) => {
        const about = hideSubject ? null : subject(thread);
        return (
          <li
            key={thread.id}
            className="min-w-0 rounded-lg border border-stone-200 bg-white p-4 hover:border-stone-300"
            data-testid="thread-row"
          >
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={thread.kind === "QUESTION" ? "brand" : "neutral"}>{t(`kind.${thread.kind}`)}</Badge>
              {thread.kind === "QUESTION" && thread.answered ? (
                <span
                  className="inline-flex items-center gap-1 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700"
                  data-testid="thread-answered"
                >
                  <span aria-hidden>✓</span>
                  {t("answered")}
                </span>
              ) : null}
              {thread.pinned ? <Badge tone="amber">{t("pinned")}</Badge> : null}
              {thread.locked ? <Badge>{t("locked")}</Badge> : null}
            </div>
            <Link
              href={`/discussions/${thread.id}`}
              className="mt-1 block break-words text-base font-semibold text-stone-900 hover:underline"
            >
              <UserText text={thread.title} lang={thread.language} />
            </Link>
            <div className="mt-2 flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1 text-xs text-stone-500">
              {about ? <span className="min-w-0 break-words">{about}</span> : null}
              <Link href={`/u/${thread.author.handle}`} className="hover:underline">
                @{thread.author.handle}
              </Link>
              <span>{t("replies", { count: thread.replyCount })}</span>
              <span>{t("votes", { count: thread.voteCount })}</span>
              <time dateTime={thread.lastActivityAt.toISOString()}>
                {t("activity", { when: format.relativeTime(thread.lastActivityAt, now) })}
              </time>
              {thread.tags.map((tag) => (
                <Link key={tag} href={tagHref(tag)} className="text-brand-700 hover:underline">
                  #<UserText text={tag} />
                </Link>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
