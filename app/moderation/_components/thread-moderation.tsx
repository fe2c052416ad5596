import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { TViewer } from "@/lib/permissions/visibility";
import { ClientMessages } from "../../_components/client-messages";
import { Report } from "./report";
import { UserText } from "../../_components/user-text";
import { ModeratorTools } from "./moderator-tools";

/**
 * The thread page's moderation strip, under its header: why it is hidden (its author and moderators only get a hidden
 * thread), the original it duplicates, the report button, and for moderators their tools.
 */
export async function ThreadModeration({
  thread,
  viewer,
  isAuthor,
}: {
  thread: {
    id: string;
    locked: boolean;
    pinned: boolean;
    deleted: boolean;
    hidden: { reason: string | null } | null;
    duplicateOf: { id: string; title: string } | null;
    moderate: boolean;
  };
  viewer: TViewer;
  isAuthor: boolean;
}) {
  const t = await getTranslations("moderation");
  return (
    <div className="space-y-2">
      {thread.hidden ? (
        <p
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="thread-hidden"
        >
          {t("hiddenThread", { reason: thread.hidden.reason ?? "" })}
        </p>
      ) : null}
      {thread.duplicateOf ? (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="thread-duplicate"
        >
          {t("duplicateOf")}{" "}
          <Link href={`/discussions/${thread.duplicateOf.id}`} className="font-medium underline">
            <UserText text={thread.duplicateOf.title} />
          </Link>
        </p>
      ) : null}
      <div className="flex flex-wrap items-start gap-2">
        {thread.deleted ? null : (
          <Report kind="THREAD" targetId={thread.id} viewer={viewer} ownerId={isAuthor ? (viewer?.id ?? null) : null} />
        )}
        {thread.moderate && !thread.deleted ? (
          <ClientMessages section="moderation">
            <details className="min-w-0 text-sm">
              <summary className="cursor-pointer text-xs font-medium text-stone-600">{t("threadTools")}</summary>
              <div className="mt-2">
                <ModeratorTools
                  kind="THREAD"
                  targetId={thread.id}
                  hidden={Boolean(thread.hidden)}
                  thread={{
                    id: thread.id,
                    locked: thread.locked,
                    pinned: thread.pinned,
                    duplicateOfId: thread.duplicateOf?.id ?? null,
                  }}
                  author={null}
                  reports={false}
                  path={`/discussions/${thread.id}`}
                />
              </div>
            </details>
          </ClientMessages>
        ) : null}
      </div>
    </div>
  );
}
