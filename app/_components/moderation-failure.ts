import { useTranslations } from "next-intl";
import type { TActionError } from "@/app/_server/action-result";

/**
 * The text of a moderation action's failure: keys under "moderation." or "apiErrors." (a suspension names its reason
 * there), else the code's generic message. Needs the namespaces ModerationMessages gives.
 */
export function useModerationFailure() {
  const t = useTranslations("moderation");
  const api = useTranslations("apiErrors");
  const tv = useTranslations("validation");
  return {
    message(e: TActionError): string {
      const [ns, ...rest] = e.key.split(".");
      const key = rest.join(".") as "errors.failed";
      if (ns === "moderation" && t.has(key)) return t(key, e.values);
      if (ns === "apiErrors" && api.has(key as "FORBIDDEN")) return api(key as "FORBIDDEN", e.values);
      const fields = Object.values(e.fieldErrors);
      if (fields.length && tv.has(fields[0] as "invalid")) return tv(fields[0] as "invalid");
      return api.has(e.code as "FORBIDDEN") ? api(e.code as "FORBIDDEN") : t("errors.failed");
    },
  };
}
