import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";

/**
 * Wraps a table of runs in a GET form to /compare: tick 2–6 runs (CompareCheckbox
 * in each row) and press the button; no client code needed.
 */
export async function CompareSelection({ children, button = true }: { children: ReactNode; button?: boolean }) {
  const t = await getTranslations("compare");
  return (
    <form action="/compare" method="get" className="space-y-3">
      {children}
      {button ? (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            className="inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100"
          >
            {t("button")}
          </button>
          <span className="text-xs text-stone-500">{t("hint")}</span>
        </div>
      ) : null}
    </form>
  );
}
