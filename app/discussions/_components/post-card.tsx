import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TPostView } from "@/lib/discussions/queries";
import type { TViewer } from "@/lib/permissions/visibility";
import { Badge } from "../../_components/ui/badge";
import type { TCurve } from "@/lib/discussions/run-context";
import { MeasuredChange, VerifiedFixBadge } from "./measured-change";
import { PostActions, VoteButton } from "./post-actions";
import { PostBody } from "./post-body";
import { Report } from "../../moderation/_components/report";
import { HiddenNotice } from "../../moderation/_components/hidden-notice";

/** A run as a post references it (`run:<id>`): notation a reader can paste, the same in every language. */
const runRef = (id: string) => `run:${id}`;

export type TPostContext = {
  threadId: string;
  viewer: TViewer;
  canReply: boolean;
  canAccept: boolean;
  /** The asker's run's curve, for answers' measured change. */
  askerCurve: TCurve | null;
  curves: Map<string, TCurve>;
  now: Date;
};

/** A SYSTEM post: an event in the reader's language (catalogue "discussion.system.<type>"), not a comment. */
export async function SystemEvent({ post, now }: { post: TPostView; now: Date }) {
  const [t, format] = await Promise.all([getTranslations(), getFormatter()]);
  const key = `discussion.system.${post.event?.type ?? "unknown"}`;
  const values = Object.fromEntries(
    Object.entries(post.event?.values ?? {}).map(([k, v]) => [k, v === null ? "–" : v]),
  ) as Record<string, string | number | boolean>;
  const runId = typeof values.runId === "string" ? values.runId : null;
  // A failed reproduction names its error as a catalogue key (runErrors.*): shown in the reader's language.
  const errorKey = typeof values.error === "string" && values.error.startsWith("runErrors.") ? values.error : null;
  return (
    <li id={`post-${post.id}`} className="flex gap-3 text-sm text-stone-600" data-testid="system-event">
      <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-stone-400" />
      <p className="min-w-0">
        {t.has(key as "thread.title") ? t(key as "thread.title", values as never) : t("thread.unknownEvent")}{" "}
        {errorKey && t.has(errorKey as "thread.title") ? (
          <span className="text-stone-500">{t(errorKey as "thread.title")} </span>
        ) : null}
        {runId ? (
          <Link href={`/runs/${runId}`} className="text-brand-700 hover:underline" translate="no">
            {runRef(runId)}
          </Link>
        ) : null}{" "}
        <time dateTime={post.createdAt.toISOString()} className="text-stone-400">
          · {format.relativeTime(post.createdAt, now)}
        </time>
      </p>
    </li>
  );
}

/** One post: its author and time, body, experiment and measured change, tools, and (top level) its replies. */
export async function PostCard({
  post,
  ctx,
  replyParentId,
  title,
  lock,
}: {
  post: TPostView;
  /** The opening post of the viewer's own thread: its lock switch. */
  lock?: { locked: boolean } | null;
  ctx: TPostContext;
  /** Top-level posts take replies under themselves; a reply's replies go under its parent. */
  replyParentId: string | null;
  /** The thread's title, for the opening post's edit. */
  title?: string;
}) {
  const [t, format] = await Promise.all([getTranslations("thread"), getFormatter()]);
  const nested = post.parentId !== null;
  const change = post.measuredChange;
  const answerCurve = post.experiment?.run ? (ctx.curves.get(post.experiment.run.id) ?? null) : null;
  const tone = post.accepted ? "border-brand-500 ring-1 ring-brand-100" : "border-stone-200";

  return (
    <article
      id={`post-${post.id}`}
      data-testid={`post-${post.kind.toLowerCase()}`}
      className={`min-w-0 scroll-mt-20 rounded-lg border bg-white ${nested ? "p-3" : "p-4"} ${tone}`}
    >
      {post.hidden ? <HiddenNotice reason={post.hidden.reason} /> : null}
      {post.deleted ? (
        <p className="text-sm italic text-stone-500" data-testid="post-deleted">
          {t("deletedPost")}
        </p>
      ) : post.hidden && !post.body ? null : (
        <>
          <header className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-stone-600">
            <VoteButton
              threadId={ctx.threadId}
              postId={post.id}
              count={post.voteCount}
              voted={post.voted}
              canVote={ctx.viewer !== null && !post.canEdit}
            />
            {post.author ? (
              <Link href={`/u/${post.author.handle}`} className="font-medium text-stone-800 hover:underline">
                @{post.author.handle}
              </Link>
            ) : null}
            <time dateTime={post.createdAt.toISOString()} className="text-stone-500">
              {format.relativeTime(post.createdAt, ctx.now)}
            </time>
            {post.editedAt ? (
              <Link
                href={`/discussions/${ctx.threadId}/history/${post.id}`}
                className="text-stone-500 underline decoration-dotted hover:text-stone-800"
                title={format.dateTime(post.editedAt, { dateStyle: "medium", timeStyle: "short" })}
                data-testid="edited"
              >
                {t("edited")}
              </Link>
            ) : null}
            {post.kind === "ANSWER" ? <Badge>{t("answer")}</Badge> : null}
            {post.accepted ? (
              <Badge tone="brand">
                <span data-testid="accepted">✓ {t("acceptedAnswer")}</span>
              </Badge>
            ) : null}
            {post.verifiedFix ? <VerifiedFixBadge /> : null}
          </header>
          <div id={`post-body-${post.id}`} className="min-w-0">
            <PostBody body={post.body} viewer={ctx.viewer} />
          </div>
          {post.experiment ? (
            <div
              className="mt-3 min-w-0 space-y-3 rounded-md border border-stone-200 bg-stone-50 p-3 text-sm"
              data-testid="experiment"
            >
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-stone-700">
                <span className="font-medium">{t("experiment")}</span>
                {post.experiment.configRevision ? (
                  <Link
                    href={`/configs/${post.experiment.configRevision.owner}/${post.experiment.configRevision.slug}?r=${post.experiment.configRevision.number}`}
                    className="min-w-0 break-words text-brand-700 hover:underline"
                  >
                    {post.experiment.configRevision.title} r{post.experiment.configRevision.number}
                  </Link>
                ) : null}
                {post.experiment.run ? (
                  <Link
                    href={`/runs/${post.experiment.run.id}`}
                    className="font-mono text-xs text-brand-700 hover:underline"
                    translate="no"
                  >
                    {runRef(post.experiment.run.id)}
                  </Link>
                ) : null}
                {post.experiment.run ? (
                  <Badge tone={post.experiment.run.status === "SUCCEEDED" ? "brand" : "neutral"}>
                    {t(`runStatus.${post.experiment.run.status as "QUEUED"}`)}
                  </Badge>
                ) : null}
              </p>
              {change ? (
                <MeasuredChange
                  change={change}
                  curves={ctx.askerCurve && answerCurve ? { asker: ctx.askerCurve, answer: answerCurve } : null}
                />
              ) : post.experiment.run && post.experiment.run.status !== "SUCCEEDED" ? (
                <p className="text-xs text-stone-500">{t("measuredPending")}</p>
              ) : null}
            </div>
          ) : null}
          <div className="mt-3">
            <PostActions
              threadId={ctx.threadId}
              post={{
                id: post.id,
                kind: post.kind as "ANSWER",
                replyParentId,
                body: post.body,
                title,
                handle: post.author?.handle ?? null,
                canEdit: post.canEdit,
                accepted: post.accepted,
              }}
              canReply={ctx.canReply}
              canAccept={ctx.canAccept}
              lock={lock}
              report={
                post.hidden ? null : (
                  <Report
                    kind="POST"
                    targetId={post.id}
                    viewer={ctx.viewer}
                    ownerId={post.canEdit ? (ctx.viewer?.id ?? null) : null}
                  />
                )
              }
            />
          </div>
        </>
      )}
      {post.replies.length ? (
        <ol className="mt-3 space-y-3 border-l-2 border-stone-100 pl-3 sm:pl-4" aria-label={t("replies")}>
          {post.replies.map((r) => (
            <li key={r.id}>
              {r.kind === "SYSTEM" ? (
                <ol>
                  <SystemEvent post={r} now={ctx.now} />
                </ol>
              ) : (
                <PostCard post={r} ctx={ctx} replyParentId={post.id} />
              )}
            </li>
          ))}
        </ol>
      ) : null}
    </article>
  );
}
