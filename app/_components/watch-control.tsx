import { getTranslations } from "next-intl/server";
import { isAppError } from "@/lib/errors";
import { type TWatchKind, watchState } from "@/lib/notifications";
import { currentUser } from "../_server/auth";
import { WatchButton } from "./watch-button";

/**
 * The watch button for a thing on its page, for a signed-in viewer (nothing for a visitor). The page has already
 * decided the viewer may see the thing; watchState checks again and renders nothing if not.
 */
export async function WatchControl({ kind, id }: { kind: TWatchKind; id: string }) {
  const viewer = await currentUser();
  if (!viewer) return null;
  const thing = { kind, id };
  const [state, t] = await Promise.all([
    watchState(viewer, thing).catch((error: unknown) => {
      if (isAppError(error) && error.code === "NOT_FOUND") return null;
      throw error;
    }),
    getTranslations("notificationWatch"),
  ]);
  if (!state) return null;
  return (
    <WatchButton
      thing={thing}
      initial={state}
      labels={{
        watch: t("watch"),
        watching: t("watching"),
        muted: t("muted"),
        menu: t("menuLabel", { kind }),
        watchOption: t("watchOption"),
        watchHint: t("watchHint"),
        defaultOption: t("defaultOption"),
        defaultHint: state.byDefault ? t("defaultWatchingHint") : t("defaultNotWatchingHint"),
        muteOption: t("muteOption"),
        muteHint: t("muteHint"),
        failed: t("failed"),
      }}
    />
  );
}
