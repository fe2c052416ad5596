import { getTranslations } from "next-intl/server";

export async function SiteFooter() {
  const t = await getTranslations("footer");
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-stone-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>{t("tagline")}</p>
        <div className="flex gap-4">
          <span>{t("source")}</span>
          <a href="/api/health" className="hover:text-stone-800">
            {t("status")}
          </a>
        </div>
      </div>
    </footer>
  );
}
