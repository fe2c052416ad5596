import { getTranslations } from "next-intl/server";
import { UserText } from "../../_components/user-text";

/**
 * In place of a post a moderator hid: its reason for the post's author (and moderators, who also see the text below
 * it), a bare placeholder for everyone else (getThread gives them no reason and no text).
 */
export async function HiddenNotice({ reason }: { reason: string | null }) {
  const t = await getTranslations("moderation");
  return (
    <p className="text-sm italic text-stone-500" data-testid="post-hidden">
      {reason === null ? (
        t("hiddenPlaceholder")
      ) : (
        <>
          {t("hiddenWithReason")} <UserText text={reason} className="not-italic text-stone-700" />
        </>
      )}
    </p>
  );
}
