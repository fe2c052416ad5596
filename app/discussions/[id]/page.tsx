import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { answerRunOptions, getThread } from "@/lib/discussions/queries";
import { getRunContext, runCurves } from "@/lib/discussions/run-context";
import { currentUser } from "../../_server/auth";
import { Badge } from "../../_components/ui/badge";
import { ButtonLink } from "../../_components/ui/button";
import { UserText } from "../../_components/user-text";
import { WatchControl } from "../../_components/watch-control";
import { PostCard, SystemEvent, type TPostContext } from "../_components/post-card";
import { PostForm } from "../_components/post-forms";
import { ReproduceButton } from "../_components/reproduce-button";
import { RunContextPanel } from "../_components/run-context";
import { ThreadModeration } from "../../moderation/_components/thread-moderation";

export const dynamic = "force-dynamic";
type TProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const thread = await getThread((await params).id, await currentUser());
  if (!thread) return {};
  const t = await getTranslations("thread");
  return { title: thread.deleted ? t("deletedTitle") : thread.title };
}

/**
 * A thread: the question or topic, then answers (accepted first, then by votes) and replies one level deep, with
 * system events (reproductions) in time order among them. A thread about a run shows that run's context beside it —
 * status, failure, config, curves, public-half metrics, dataset profile, log tail — so answerers never leave the page.
 */
export default async function ThreadPage({ params }: TProps) {
  const [{ id }, viewer] = await Promise.all([params, currentUser()]);
  const thread = await getThread(id, viewer);
  if (!thread) notFound();
  const [t, format] = await Promise.all([getTranslations("thread"), getFormatter()]);
  const subject = thread.subject;
  const runId = subject.type === "run" ? subject.id : null;
  const answerRunIds = thread.posts.flatMap((p) => (p.experiment?.run ? [p.experiment.run.id] : []));
  const [context, curves] = await Promise.all([
    runId ? getRunContext(runId, viewer) : null,
    runCurves([...(runId ? [runId] : []), ...answerRunIds], viewer),
  ]);
  const runOptions =
    thread.can.answer && context
      ? (await answerRunOptions(viewer, subject.type === "run" ? subject.datasetVersionId : "")).map((r) => ({
          id: r.id,
          label: `${r.config} r${r.revision} · ${t(`runStatus.${r.status}`)}`,
        }))
      : [];
  const now = new Date();
  const ctx: TPostContext = {
    threadId: thread.id,
    viewer,
    canReply: thread.can.reply,
    canAccept: thread.can.accept,
    askerCurve: runId ? (curves.get(runId) ?? null) : null,
    curves,
    now,
  };
  const isQuestion = thread.kind === "QUESTION";
  const answers = thread.posts.filter((p) => p.kind === "ANSWER");
  const isAuthor = viewer !== null && thread.author !== null && thread.opening?.canEdit === true;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="flex flex-wrap gap-1 text-sm text-stone-500">
          <Link href="/discussions" className="hover:underline">
            {t("discussions")}
          </Link>
          {subject.type !== "general" ? (
            <>
              <span aria-hidden>/</span>
              <Link href={subject.href} className="min-w-0 break-words hover:underline" data-testid="thread-subject">
                {subject.type === "run"
                  ? t("aboutRun", { config: subject.config.title, revision: subject.config.revision })
                  : subject.type === "dataset"
                    ? t("aboutDataset", { dataset: subject.title, version: subject.version })
                    : subject.title}
              </Link>
            </>
          ) : null}
        </p>
        <h1 className="break-words text-2xl font-semibold text-stone-900" data-testid="thread-title">
          {thread.deleted ? (
            <span className="italic text-stone-500">{t("deletedTitle")}</span>
          ) : (
            <UserText text={thread.title} />
          )}
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
          <Badge tone={isQuestion ? "amber" : "neutral"}>{isQuestion ? t("question") : t("discussion")}</Badge>
          {isQuestion && thread.acceptedPostId ? <Badge tone="brand">{t("answered")}</Badge> : null}
          {thread.locked ? <Badge tone="red">{t("locked")}</Badge> : null}
          {thread.author ? (
            <span>
              {t("startedBy")}{" "}
              <Link href={`/u/${thread.author.handle}`} className="hover:underline">
                @{thread.author.handle}
              </Link>{" "}
              · <time dateTime={thread.createdAt.toISOString()}>{format.relativeTime(thread.createdAt, now)}</time>
            </span>
          ) : null}
          {thread.tags.map((tag) => (
            <Link
              key={tag}
              href={`/discussions?tag=${encodeURIComponent(tag)}`}
              className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700 hover:bg-stone-200"
            >
              #<UserText text={tag} />
            </Link>
          ))}
          <WatchControl kind="thread" id={thread.id} />
        </div>
        <ThreadModeration thread={thread} viewer={viewer} isAuthor={isAuthor} />
      </header>

      {/* One grid, three parts: on a phone the run's context comes between the question and the answers; on a wide
          screen it sits beside both (the second row takes the spare height, so the question stays above the answers). */}
      <div
        className={`grid gap-6 [&>*]:min-w-0 ${context ? "lg:grid-cols-[minmax(0,1fr)_20rem] lg:grid-rows-[auto_1fr]" : "max-w-4xl"}`}
      >
        {thread.opening ? (
          <div className="lg:col-start-1 lg:row-start-1">
            <PostCard
              post={thread.opening}
              ctx={ctx}
              replyParentId={null}
              title={thread.title}
              lock={isAuthor ? { locked: thread.locked } : null}
            />
          </div>
        ) : null}

        {context ? (
          <aside className="space-y-3 lg:col-start-2 lg:row-span-2 lg:row-start-1" aria-label={t("runContext")}>
            <RunContextPanel context={context} />
            {viewer && runId ? <ReproduceButton threadId={thread.id} runId={runId} /> : null}
          </aside>
        ) : null}

        <div className="space-y-6 lg:col-start-1 lg:row-start-2">
          <section aria-labelledby="posts-heading" className="space-y-4">
            <h2 id="posts-heading" className="text-lg font-semibold text-stone-900">
              {isQuestion
                ? t("answerCount", { count: answers.length })
                : t("replyCount", { count: thread.posts.filter((p) => p.kind !== "SYSTEM").length })}
            </h2>
            {thread.posts.length === 0 ? (
              <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500">
                {isQuestion ? t("noAnswers") : t("noReplies")}
              </p>
            ) : (
              <ol className="space-y-4">
                {thread.posts.map((p) =>
                  p.kind === "SYSTEM" ? (
                    <SystemEvent key={p.id} post={p} now={now} />
                  ) : (
                    <li key={p.id}>
                      <PostCard post={p} ctx={ctx} replyParentId={p.id} />
                    </li>
                  ),
                )}
              </ol>
            )}
          </section>

          <section aria-labelledby="compose-heading" className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id="compose-heading" className="mb-3 text-lg font-semibold text-stone-900">
              {isQuestion ? t("yourAnswer") : t("yourReply")}
            </h2>
            {!viewer ? (
              <p className="text-sm text-stone-600">
                <Link
                  href={`/signin?callbackUrl=${encodeURIComponent(`/discussions/${thread.id}`)}`}
                  className="text-brand-700 hover:underline"
                >
                  {t("signInToReply")}
                </Link>
              </p>
            ) : thread.locked || thread.deleted ? (
              <p className="text-sm text-stone-600">{thread.deleted ? t("deletedNoReplies") : t("lockedNoReplies")}</p>
            ) : (
              <PostForm
                threadId={thread.id}
                kind={thread.can.answer ? "ANSWER" : "REPLY"}
                draftKey={`${thread.can.answer ? "answer" : "reply"}:${thread.id}:top`}
                label={thread.can.answer ? t("answerLabel") : t("replyLabel")}
                submitLabel={thread.can.answer ? t("postAnswer") : t("postReply")}
                quotes
                runOptions={runOptions}
              />
            )}
            {viewer && thread.can.answer && context ? (
              <p className="mt-3 text-xs text-stone-500">
                {t("answerWithFork")}{" "}
                <ButtonLink
                  variant="ghost"
                  className="!px-1 !py-0 text-xs text-brand-700"
                  href={`/configs/${context.config.owner}/${context.config.slug}?r=${context.config.revision}`}
                >
                  {t("openConfig")}
                </ButtonLink>
              </p>
            ) : null}
          </section>
        </div>
      </div>
    </div>
  );
}
