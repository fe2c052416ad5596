import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { diffLines } from "diff";
import { isAppError } from "@/lib/errors";
import { listRevisions } from "@/lib/discussions/queries";
import { currentUser } from "../../../../_server/auth";
import { UserText } from "../../../../_components/user-text";

export const dynamic = "force-dynamic";
type TProps = { params: Promise<{ id: string; postId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("thread");
  return { title: t("historyTitle") };
}

type TRevision = Awaited<ReturnType<typeof listRevisions>>[number];

/** Line diff of one revision against the one before it: removed lines red, added green, unchanged grey. */
function RevisionDiff({ before, after }: { before: string; after: string }) {
  const parts = diffLines(before, after);
  return (
    <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-md border border-stone-200 bg-white p-3 font-mono text-xs leading-relaxed">
      {parts.map((part, i) => (
        <span
          key={i}
          data-diff={part.added ? "added" : part.removed ? "removed" : "same"}
          className={
            part.added
              ? "block bg-green-50 text-green-900"
              : part.removed
                ? "block bg-red-50 text-red-900 line-through decoration-red-300"
                : "block text-stone-500"
          }
        >
          {part.value
            .replace(/\n$/, "")
            .split("\n")
            .map((line) => `${part.added ? "+ " : part.removed ? "- " : "  "}${line}`)
            .join("\n")}
        </span>
      ))}
    </pre>
  );
}

/** A post's edit history, newest first, each revision as a diff against the previous one. */
export default async function PostHistoryPage({ params }: TProps) {
  const [{ id, postId }, viewer] = await Promise.all([params, currentUser()]);
  let revisions: TRevision[];
  try {
    revisions = await listRevisions(postId, viewer);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const [t, format] = await Promise.all([getTranslations("thread"), getFormatter()]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm text-stone-500">
          <Link href={`/discussions/${id}#post-${postId}`} className="hover:underline">
            ← {t("backToThread")}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold text-stone-900">{t("historyTitle")}</h1>
        <p className="text-sm text-stone-600">{t("historyLead", { count: revisions.length })}</p>
      </header>
      <ol className="space-y-6">
        {revisions.map((r, i) => {
          const previous = revisions[i + 1];
          return (
            <li key={r.number} className="space-y-2" data-testid="revision">
              <h2 className="flex flex-wrap items-baseline gap-x-2 text-sm text-stone-700">
                <span className="font-semibold text-stone-900">{t("revision", { number: r.number })}</span>
                <span>@{r.editor.handle}</span>
                <time dateTime={r.createdAt.toISOString()} className="text-stone-500">
                  {format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                </time>
                {i === 0 ? <span className="text-brand-700">{t("current")}</span> : null}
              </h2>
              {r.title !== null && previous && previous.title !== r.title ? (
                <p className="text-sm text-stone-700">
                  {t("titleChanged")} <UserText text={previous.title ?? ""} className="line-through" /> →{" "}
                  <UserText text={r.title} />
                </p>
              ) : null}
              {previous ? (
                <RevisionDiff before={previous.body} after={r.body} />
              ) : (
                <RevisionDiff before="" after={r.body} />
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
